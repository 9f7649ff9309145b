// Timeline entries on an incident, shaped as the Rust server's TimelineEvent, and who last acted on it.
import type { Incident } from '../../src-shared/protocol/index.js';

/** The Rust server's EventType values this relay writes. */
export type TimelineEventType = 'StateChanged' | 'AssignmentChanged' | 'CommentAdded' | 'Resolved';

/** One entry, as the Rust server serializes `TimelineEvent` (metadata is a string map). */
export interface TimelineEntry {
  timestamp: string;
  event_type: TimelineEventType;
  actor: string;
  description: string;
  metadata: Record<string, string>;
}

/** Entries kept per incident (the newest); older ones are dropped so an incident's size stays bounded. */
export const TIMELINE_LIMIT = 100;

function isEntry(x: unknown): x is TimelineEntry {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as Record<string, unknown>;
  return typeof e['timestamp'] === 'string' && typeof e['event_type'] === 'string' && typeof e['actor'] === 'string';
}

/** The incident's timeline entries that have the Rust shape (others, from older writers, are skipped). */
export function timelineOf(incident: Incident): TimelineEntry[] {
  return (incident.timeline ?? []).filter(isEntry);
}

/** The incident with `entry` appended to its timeline (bounded to TIMELINE_LIMIT, oldest dropped). */
export function withTimelineEntry(incident: Incident, entry: TimelineEntry): Incident {
  const timeline = [...(incident.timeline ?? []), entry];
  return { ...incident, timeline: timeline.slice(Math.max(0, timeline.length - TIMELINE_LIMIT)) };
}

/** The relay's own actions (`metadata.action`), which the board reads back to show who is on an incident. */
export type ResponderAction = 'acknowledge' | 'unacknowledge' | 'assign' | 'comment' | 'resolve';

/** Who last did `action` on the incident, and when; undefined when nobody has. */
export function lastActor(incident: Incident, action: ResponderAction): { actor: string; at: string } | undefined {
  const entries = timelineOf(incident);
  for (let k = entries.length - 1; k >= 0; k--) {
    const e = entries[k]!;
    if (e.metadata?.['action'] === action) return { actor: e.actor, at: e.timestamp };
  }
  return undefined;
}
