// Builders for notification tests: incidents, alerts, journal-like entries, a fake clock and a lookup.
import { randomUUID } from 'node:crypto';
import { eventIncidentId, subjectOf, type Alert, type Incident, type IncidentEvent, type IncidentLookup, type Severity } from '../../../src-shared/protocol/index.js';
import type { Clock, NotifyEntry } from '../../../src-main/notify/index.js';

/** 2025-03-10T12:00:00Z, a Monday. */
export const NOON_UTC = Date.parse('2025-03-10T12:00:00Z');

/** A clock the test moves by hand. */
export class FakeClock implements Clock {
  constructor(public t = NOON_UTC) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): number {
    this.t += ms;
    return this.t;
  }
}

export function incident(over: Partial<Incident> = {}): Incident {
  const at = new Date(NOON_UTC).toISOString();
  return {
    id: randomUUID(), created_at: at, updated_at: at, state: 'Detected', severity: 'P1', incident_type: 'Application',
    source: 'prometheus', title: 'Error rate above 5%', description: 'HTTP 5xx rate is 7.2% over 5 minutes.',
    affected_resources: ['api-gateway'], labels: { team: 'core' }, assignees: [], ...over,
  };
}

export function alert(over: Partial<Alert> = {}): Alert {
  const at = new Date(NOON_UTC).toISOString();
  return {
    id: randomUUID(), external_id: 'ext-1', source: 'alertmanager', timestamp: at, received_at: at, severity: 'P0',
    alert_type: 'Infrastructure', title: 'Disk full on db-1', description: '/var at 100%', labels: {},
    affected_services: ['postgres'], annotations: {}, ...over,
  };
}

export const created = (i: Incident): IncidentEvent => ({ event_type: 'incident_created', incident: i });
export const resolved = (i: Incident): IncidentEvent => ({ event_type: 'incident_resolved', incident: { ...i, state: 'Resolved' } });
export const updated = (i: Incident, previous: Incident['state'] | null = null): IncidentEvent => ({ event_type: 'incident_updated', incident: i, previous_state: previous });
export const escalated = (i: Incident, to: Severity): IncidentEvent => ({
  event_type: 'escalated', incident_id: i.id, from_severity: i.severity, to_severity: to, reason: 'error budget burning',
});

let seq = 0;
/**
 * A journal-like entry with a fresh message id (or the given one, to model a replay), its subject computed as the
 * hub does at publish time, from `lookup` (the incidents as they stood).
 */
export function entry(event: IncidentEvent, messageId = `epoch1-${++seq}`, lookup: IncidentLookup = () => undefined): NotifyEntry {
  const id = eventIncidentId(event);
  return { messageId, event, subject: subjectOf(event, lookup), ...(id ? { incidentId: id } : {}) };
}

/** An incident store as the server keeps one: latest version by lower-case id. */
export class IncidentMap {
  private readonly byId = new Map<string, Incident>();
  put(i: Incident): Incident {
    this.byId.set(i.id.toLowerCase(), i);
    return i;
  }
  readonly get = (id: string): Incident | undefined => this.byId.get(id);
}
