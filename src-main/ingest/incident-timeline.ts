// Timeline entries on an incident, shaped as the Rust server's TimelineEvent (as its Incident methods write them), and who last acted on it.
import type { Incident, IncidentState, TimelineEventType } from '../../src-shared/protocol/index.js';

export type { TimelineEventType };

/** One entry, as the Rust server serializes `TimelineEvent` (metadata is a string map). */
export type TimelineEntry = {
  timestamp: string;
  event_type: TimelineEventType;
  actor: string;
  description: string;
  metadata: Record<string, string>;
};

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

export function timelineEntry(eventType: TimelineEventType, actor: string, description: string, at: string, metadata: Record<string, string> = {}): TimelineEntry {
  return { timestamp: at, event_type: eventType, actor, description, metadata };
}

/** The incident's timeline with `entry` appended (bounded to TIMELINE_LIMIT, oldest dropped). */
export function appendTimeline(incident: Incident, entry: TimelineEntry): TimelineEntry[] {
  return withTimelineEntry(incident, entry).timeline as TimelineEntry[];
}

/** The Rust `update_state` entry: `State changed from A to B`, with `old_state`/`new_state` metadata. */
export function stateChangedEntry(from: IncidentState, to: IncidentState, actor: string, at: string): TimelineEntry {
  return timelineEntry('StateChanged', actor, `State changed from ${from} to ${to}`, at, { old_state: from, new_state: to });
}
