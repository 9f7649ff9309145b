// What an event is matched on (PROTOCOL.md section 3): its incident, its alert, or the stored incident it names.
import type { Alert, Incident } from './entities.js';
import type { IncidentEvent } from './events.js';

/** The attributes the six subject filter fields look at; absent ones never match a non-empty filter. */
export interface Subject {
  incidentId?: string;
  severity?: string;
  state?: string;
  source?: string;
  resources?: readonly string[];
  labels?: Readonly<Record<string, string>>;
}

/** Looks up the last published version of an incident (by lower-case id). */
export type IncidentLookup = (id: string) => Incident | undefined;

const fromIncident = (i: Incident): Subject => ({
  incidentId: i.id.toLowerCase(), severity: i.severity, state: i.state, source: i.source,
  resources: i.affected_resources, labels: i.labels,
});
const fromAlert = (a: Alert, incidentId: string | undefined): Subject => ({
  incidentId, severity: a.severity, source: a.source, resources: a.affected_services, labels: a.labels,
});

/** The incident object an event carries, if any. */
export function eventIncident(e: IncidentEvent): Incident | undefined {
  switch (e.event_type) {
    case 'incident_created': case 'incident_updated': case 'incident_resolved': case 'incident_closed':
      return e.incident;
    default:
      return undefined;
  }
}

/** The incident id an event concerns, lower-case, if any. */
export function eventIncidentId(e: IncidentEvent): string | undefined {
  switch (e.event_type) {
    case 'incident_created': case 'incident_updated': case 'incident_resolved': case 'incident_closed':
      return e.incident.id.toLowerCase();
    case 'alert_received': return e.alert.incident_id?.toLowerCase() ?? undefined;
    case 'system_event': return undefined;
    default: return e.incident_id.toLowerCase();
  }
}

/** Computes the subject of an event, consulting the incident store for incident-less events. */
export function subjectOf(e: IncidentEvent, lookup: IncidentLookup): Subject {
  switch (e.event_type) {
    case 'incident_created': case 'incident_updated': case 'incident_resolved': case 'incident_closed':
      return fromIncident(e.incident);
    case 'system_event':
      return {};
    case 'alert_received':
      return fromAlert(e.alert, e.alert.incident_id?.toLowerCase() ?? undefined);
    case 'alert_converted': {
      // Listed with the incident-less events, but published before its incident_created: fall back to the alert.
      const id = e.incident_id.toLowerCase();
      const stored = lookup(id);
      return stored ? fromIncident(stored) : fromAlert(e.alert, id);
    }
    case 'escalated': {
      const id = e.incident_id.toLowerCase();
      const stored = lookup(id);
      return { ...(stored ? fromIncident(stored) : {}), incidentId: id, severity: e.to_severity };
    }
    default: {
      const id = e.incident_id.toLowerCase();
      const stored = lookup(id);
      return stored ? fromIncident(stored) : { incidentId: id };
    }
  }
}
