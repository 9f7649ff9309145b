// Test helpers for the SQLite journal: temp directories that clean up, and journal entries to append.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewJournalEntry } from '../../src-main/server/journal/journal.js';
import { PRIORITIES, type Incident, type IncidentEvent } from '../../src-shared/protocol/index.js';

/** A fresh temp directory; `cleanup` removes it and everything in it. */
export function makeTempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'journal-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A valid incident, with `overrides` on top. */
export function makeIncident(overrides: Partial<Incident> = {}): Incident {
  const at = '2025-01-02T03:04:05Z';
  return {
    id: randomUUID(), created_at: at, updated_at: at, state: 'Detected', severity: 'P2', incident_type: 'Application',
    source: 'checkout', title: 'Checkout errors', description: 'Error rate above 5%', affected_resources: ['api'],
    labels: { team: 'payments' }, assignees: [], ...overrides,
  };
}

/** A system_event entry whose message carries `n`, so tests can tell entries apart. */
export function systemEntry(n: number, origin?: string): NewJournalEntry {
  const event: IncidentEvent = { event_type: 'system_event', category: 'test', message: `event ${n}`, metadata: { n: String(n) } };
  const entry: NewJournalEntry = {
    publishedAt: new Date(1_700_000_000_000 + n).toISOString(), priority: PRIORITIES.low, event, eventType: event.event_type,
    eventJson: JSON.stringify(event), subject: {},
  };
  if (origin !== undefined) entry.origin = origin;
  return entry;
}

/** An incident_created entry with the subject the hub would compute. */
export function incidentEntry(incident: Incident): NewJournalEntry {
  const event: IncidentEvent = { event_type: 'incident_created', incident };
  const id = incident.id.toLowerCase();
  return {
    publishedAt: incident.created_at, priority: PRIORITIES.normal, event, eventType: event.event_type, eventJson: JSON.stringify(event), incidentId: id,
    subject: { incidentId: id, severity: incident.severity, state: incident.state, source: incident.source,
      resources: incident.affected_resources, labels: incident.labels },
  };
}

/** `count` system entries numbered from `from`. */
export function systemEntries(from: number, count: number): NewJournalEntry[] {
  return Array.from({ length: count }, (_, i) => systemEntry(from + i));
}

/** The `n` carried by a system entry's message. */
export function entryNumber(e: { event: IncidentEvent }): number {
  return e.event.event_type === 'system_event' ? Number(e.event.metadata['n']) : NaN;
}
