// Rows of the journal's events table turned back into JournalEntry objects, parsing the event only when used.
import type { IncidentEvent, Priority, Subject } from '../../../src-shared/protocol/index.js';
import type { JournalEntry } from './journal.js';

/** The columns `readAfter` selects, in the order of EventRow. */
export const ENTRY_COLUMNS = 'seq, message_id, priority, published_at, incident_id, origin, subject_json, event_json, event_type';

/** One row in raw (array) mode, which better-sqlite3 returns faster than objects. */
export type EventRow = [
  seq: number, messageId: string, priority: number, publishedAt: string,
  incidentId: string | null, origin: string | null, subjectJson: string, eventJson: string, eventType: string,
];

/**
 * Replay frames `eventJson` and filters on `subject` (small, parsed here); parsing every ≈1 KiB
 * event too was about half the CPU of paging through 100,000 of them. So `event` is an own,
 * enumerable accessor that parses on first use and caches: spreading an entry still copies it,
 * and assigning replaces it. Replay reads `eventType` (its own column) and never parses.
 */
export function toEntry(row: EventRow): JournalEntry {
  const [seq, messageId, priority, publishedAt, incidentId, origin, subjectJson, eventJson, eventType] = row;
  let event: IncidentEvent | undefined;
  const entry: JournalEntry = {
    seq, messageId, priority: priority as Priority, publishedAt, eventJson, eventType: eventType as IncidentEvent['event_type'], subject: JSON.parse(subjectJson) as Subject,
    get event(): IncidentEvent {
      event ??= JSON.parse(eventJson) as IncidentEvent;
      return event;
    },
    set event(value: IncidentEvent) {
      event = value;
    },
  };
  if (incidentId !== null) entry.incidentId = incidentId;
  if (origin !== null) entry.origin = origin;
  return entry;
}
