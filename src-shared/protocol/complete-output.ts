// Complete output (PROTOCOL.md 1.1 §4): incidents, alerts and events with every field the Rust server's types require.
import { RESOLUTION_METHODS, type ResolutionMethod } from './constants.js';
import type { Alert, Incident, ResolutionInput, TimelineEntry } from './entities.js';
import type { IncidentEvent } from './events.js';

/** The Rust `Resolution`. */
export type Resolution = {
  resolved_at: string;
  resolved_by: string;
  resolution_method: ResolutionMethod;
  root_cause: string | null;
  notes: string;
};

/** An incident as written out: the Rust `Incident`, every field present. */
export type CompleteIncident = Incident & {
  related_incidents: string[];
  active_playbook: string | null;
  resolution: (ResolutionInput & Resolution) | null;
  timeline: (TimelineEntry & { metadata: Record<string, string> })[];
  notes: NonNullable<Incident['notes']>;
  fingerprint: string | null;
  correlation_score: number | null;
};

/** An alert as written out: the Rust `Alert`, every field present. */
export type CompleteAlert = Alert & {
  runbook_url: string | null;
  incident_id: string | null;
  deduplicated: boolean;
  parent_alert_id: string | null;
};

const isMethod = (m: unknown): m is ResolutionMethod => typeof m === 'string' && (RESOLUTION_METHODS as readonly string[]).includes(m);

/** The Rust shape of a resolution, from either input shape; `updatedAt` stands in for a missing `resolved_at`. */
export function completeResolution(r: ResolutionInput, updatedAt: string): Resolution {
  return {
    resolved_at: r.resolved_at ?? updatedAt,
    resolved_by: r.resolved_by ?? 'unknown',
    resolution_method: r.resolution_method ?? (isMethod(r.method) ? r.method : 'Manual'),
    root_cause: r.root_cause ?? null,
    notes: r.notes ?? '',
  };
}

const isRustResolution = (r: ResolutionInput): boolean => typeof r.resolved_at === 'string' && typeof r.resolved_by === 'string'
  && r.resolution_method !== undefined && r.root_cause !== undefined && typeof r.notes === 'string';

/** Whether nothing is missing: then the incident itself is the output (the common case for relayed events). */
function isCompleteIncident(i: Incident): i is CompleteIncident {
  return Array.isArray(i.related_incidents) && i.active_playbook !== undefined && i.fingerprint !== undefined
    && i.correlation_score !== undefined && Array.isArray(i.notes) && Array.isArray(i.timeline) && i.timeline.every((e) => e.metadata !== undefined)
    && (i.resolution === null || (i.resolution !== undefined && isRustResolution(i.resolution)));
}

// Object.assign rather than a spread with added keys: V8 makes that spread a slow path, and this runs on every publish.
export function completeIncident(i: Incident): CompleteIncident {
  if (isCompleteIncident(i)) return i;
  return Object.assign({}, i, {
    related_incidents: i.related_incidents ?? [],
    active_playbook: i.active_playbook ?? null,
    resolution: i.resolution == null ? null : completeResolution(i.resolution, i.updated_at),
    timeline: (i.timeline ?? []).map((e) => (e.metadata ? e as TimelineEntry & { metadata: Record<string, string> } : Object.assign({}, e, { metadata: {} }))),
    notes: i.notes ?? [],
    fingerprint: i.fingerprint ?? null,
    correlation_score: i.correlation_score ?? null,
  });
}

export function completeAlert(a: Alert): CompleteAlert {
  if (a.runbook_url !== undefined && a.incident_id !== undefined && typeof a.deduplicated === 'boolean' && a.parent_alert_id !== undefined) return a as CompleteAlert;
  return Object.assign({}, a, {
    runbook_url: a.runbook_url ?? null,
    incident_id: a.incident_id ?? null,
    deduplicated: a.deduplicated ?? false,
    parent_alert_id: a.parent_alert_id ?? null,
  });
}

/** The event with its incident or alert completed; events carrying neither are returned as they are. */
export function completeEvent(e: IncidentEvent): IncidentEvent {
  switch (e.event_type) {
    case 'incident_created': case 'incident_updated': case 'incident_resolved': case 'incident_closed': {
      const incident = completeIncident(e.incident);
      return incident === e.incident ? e : { ...e, incident };
    }
    case 'alert_received': case 'alert_converted': {
      const alert = completeAlert(e.alert);
      return alert === e.alert ? e : { ...e, alert };
    }
    default:
      return e;
  }
}
