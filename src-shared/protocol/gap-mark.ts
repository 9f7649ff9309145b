// Relay gap marks (PROTOCOL 1.1 §5): a journaled system_event saying events of an upstream may be missing from here on.
import type { IncidentEvent } from './events.js';

/** `system_event.category` of a gap mark. */
export const RELAY_GAP_CATEGORY = 'relay_gap';

/** The gap mark a relay journals when it reconnects to an upstream that could not replay what it missed. */
export function gapMarkEvent(upstream: string, reason: string): IncidentEvent {
  return {
    event_type: 'system_event', category: RELAY_GAP_CATEGORY,
    message: `events of upstream ${upstream} may be missing here: ${reason}`, metadata: { upstream, reason },
  };
}

/** Whether a journaled event is a gap mark; `eventType` first, so other events are never parsed for it. */
export function isGapMark(eventType: IncidentEvent['event_type'], event: () => IncidentEvent): boolean {
  if (eventType !== 'system_event') return false;
  const e = event();
  return e.event_type === 'system_event' && e.category === RELAY_GAP_CATEGORY;
}
