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
 * The event that publishes an acknowledgement: the latest incident with state `Investigating`, or undefined
 * when the incident is unknown here (it belongs to another server) or already past acknowledgement.
 */
export function acknowledgementEvent(incident: Incident | undefined, at: number): IncidentEvent | undefined {
  if (!incident || !UNACKNOWLEDGED_STATES.has(incident.state)) return undefined;
  return {
    event_type: 'incident_updated',
    incident: { ...incident, state: 'Investigating', updated_at: new Date(at).toISOString() },
    previous_state: incident.state,
  };
}
