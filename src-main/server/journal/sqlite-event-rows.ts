// Rows of the journal's events table turned back into JournalEntry objects, parsing the event only when used.
import type { IncidentEvent, Priority, Subject } from '../../../src-shared/protocol/index.js';
import type { JournalEntry } from './journal.js';

/** The columns `readAfter` selects, in the order of EventRow. */
export const ENTRY_COLUMNS = 'seq, message_id, priority, published_at, incident_id, origin, subject_json, event_json';

/** One row in raw (array) mode, which better-sqlite3 returns faster than objects. */
export type EventRow = [
  seq: number, messageId: string, priority: number, publishedAt: string,
  incidentId: string | null, origin: string | null, subjectJson: string, eventJson: string,
];

/**
 * Replay frames `eventJson`, and only filtered subscriptions look at `subject`; parsing both for
 * every row was most of the cost of paging through 100,000 events (see test/bench/journal-bench.ts).
 * So `event` and `subject` are own, enumerable accessors that parse on first use and cache;
 * spreading an entry still copies them, and assigning replaces the cached value.
 */
export function toEntry(row: EventRow): JournalEntry {
  const [seq, messageId, priority, publishedAt, incidentId, origin, subjectJson, eventJson] = row;
  let event: IncidentEvent | undefined;
  let subject: Subject | undefined;
  const entry: JournalEntry = {
    seq, messageId, priority: priority as Priority, publishedAt, eventJson,
    get event(): IncidentEvent {
      event ??= JSON.parse(eventJson) as IncidentEvent;
      return event;
    },
    set event(value: IncidentEvent) {
      event = value;
    },
    get subject(): Subject {
      subject ??= JSON.parse(subjectJson) as Subject;
      return subject;
    },
    set subject(value: Subject) {
      subject = value;
    },
  };
  if (incidentId !== null) entry.incidentId = incidentId;
  if (origin !== null) entry.origin = origin;
  return entry;
}
