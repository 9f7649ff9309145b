// Acknowledging an incident: the local record, and the `incident_updated` event that tells everyone else.
import type { Incident, IncidentEvent } from '../../src-shared/protocol/index.js';

/** Who acknowledged an incident, and when (epoch ms). */
export interface Acknowledgement {
  incidentId: string;
  by: string;
  at: number;
}

/**
 * States in which an incident is still waiting for someone. Only Detected: `Triaged` is what an acknowledgement
 * makes it (PROTOCOL 1.1 section 7, the Rust server's meaning), so a Triaged incident stops reminders everywhere.
 */
export const UNACKNOWLEDGED_STATES: ReadonlySet<string> = new Set(['Detected']);

/**
 * The event that publishes an acknowledgement with PROTOCOL 1.1 semantics: the latest incident with state
 * `Triaged` and a `StateChanged` timeline entry naming the actor (`metadata.action = "acknowledge"`), or undefined
 * when the incident is unknown here (it belongs to another server) or already acknowledged.
 */
export function acknowledgementEvent(incident: Incident | undefined, at: number, actor = 'local user'): IncidentEvent | undefined {
  if (!incident || !UNACKNOWLEDGED_STATES.has(incident.state)) return undefined;
  const when = new Date(at).toISOString();
  const entry = {
    timestamp: when, event_type: 'StateChanged' as const, actor, description: `acknowledged by ${actor}`,
    metadata: { action: 'acknowledge', from: incident.state, to: 'Triaged' },
  };
  return {
    event_type: 'incident_updated',
    incident: { ...incident, state: 'Triaged', updated_at: when, timeline: [...(incident.timeline ?? []), entry] },
    previous_state: incident.state,
  };
}
