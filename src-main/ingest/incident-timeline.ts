// Timeline entries this server writes on an incident, as the Rust server's Incident methods do (created, state changed).
import type { Incident, IncidentState, TimelineEntry, TimelineEventType } from '../../src-shared/protocol/index.js';

/** Newest entries kept per incident: a flapping alert must not grow one incident without bound. */
export const TIMELINE_MAX = 200;

export function timelineEntry(eventType: TimelineEventType, actor: string, description: string, at: string, metadata: Record<string, string> = {}): TimelineEntry {
  return { timestamp: at, event_type: eventType, actor, description, metadata };
}

/** The incident's timeline with `entry` appended (the oldest dropped past TIMELINE_MAX). */
export function appendTimeline(i: Incident, entry: TimelineEntry): TimelineEntry[] {
  const next = [...(i.timeline ?? []), entry];
  return next.length > TIMELINE_MAX ? next.slice(next.length - TIMELINE_MAX) : next;
}

/** The Rust `update_state` entry: `State changed from A to B`, with `old_state`/`new_state` metadata. */
export function stateChangedEntry(from: IncidentState, to: IncidentState, actor: string, at: string): TimelineEntry {
  return timelineEntry('StateChanged', actor, `State changed from ${from} to ${to}`, at, { old_state: from, new_state: to });
}
