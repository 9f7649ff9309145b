// Delivery priority of an event (PROTOCOL.md section 4): higher priorities leave a backlogged queue first.
import type { IncidentEvent } from './events.js';

export const PRIORITIES = { critical: 0, high: 1, normal: 2, low: 3 } as const;
export type Priority = (typeof PRIORITIES)[keyof typeof PRIORITIES];
export const PRIORITY_NAMES = ['critical', 'high', 'normal', 'low'] as const;

/** Critical: P0 created or escalated to P0; High: P1 created, other escalations, P0 alerts; Low: chatter. */
export function priorityOf(e: IncidentEvent): Priority {
  switch (e.event_type) {
    case 'incident_created':
      return e.incident.severity === 'P0' ? PRIORITIES.critical : e.incident.severity === 'P1' ? PRIORITIES.high : PRIORITIES.normal;
    case 'escalated':
      return e.to_severity === 'P0' ? PRIORITIES.critical : PRIORITIES.high;
    case 'alert_received':
      return e.alert.severity === 'P0' ? PRIORITIES.high : PRIORITIES.normal;
    case 'comment_added':
    case 'playbook_action_executed':
    case 'system_event':
      return PRIORITIES.low;
    default:
      return PRIORITIES.normal;
  }
}
