// What the feed shows of an event: its kind, severity, one-line summary, source and incident, computed once on arrival.
import type { FeedEvent } from '../../src-shared/bridge/index.js';
import { eventIncident, eventIncidentId, type IncidentEvent, type Severity } from '../../src-shared/protocol/index.js';

export const EVENT_KINDS = ['incident', 'alert', 'escalation', 'playbook', 'notification', 'assignment', 'comment', 'system'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export function eventKind(e: IncidentEvent): EventKind {
  switch (e.event_type) {
    case 'incident_created': case 'incident_updated': case 'incident_resolved': case 'incident_closed': return 'incident';
    case 'alert_received': case 'alert_converted': return 'alert';
    case 'escalated': return 'escalation';
    case 'playbook_started': case 'playbook_action_executed': case 'playbook_completed': return 'playbook';
    case 'notification_sent': return 'notification';
    case 'assignment_changed': return 'assignment';
    case 'comment_added': return 'comment';
    case 'system_event': return 'system';
  }
}

/** Severity the event itself states (incident, alert or escalation target), if any. */
export function eventSeverity(e: IncidentEvent): Severity | undefined {
  if (e.event_type === 'escalated') return e.to_severity;
  if (e.event_type === 'alert_received' || e.event_type === 'alert_converted') return e.alert.severity;
  return eventIncident(e)?.severity;
}

export function eventSource(e: IncidentEvent): string | undefined {
  if (e.event_type === 'alert_received' || e.event_type === 'alert_converted') return e.alert.source;
  return eventIncident(e)?.source;
}

/** One line describing the event. */
export function eventSummary(e: IncidentEvent): string {
  switch (e.event_type) {
    case 'incident_created': return `Created: ${e.incident.title}`;
    case 'incident_updated':
      return `Updated: ${e.incident.title}${e.previous_state ? ` (${e.previous_state} → ${e.incident.state})` : ''}`;
    case 'incident_resolved': return `Resolved: ${e.incident.title}`;
    case 'incident_closed': return `Closed: ${e.incident.title}`;
    case 'alert_received': return `Alert: ${e.alert.title}`;
    case 'alert_converted': return `Alert became incident: ${e.alert.title}`;
    case 'escalated': return `Escalated ${e.from_severity} → ${e.to_severity}: ${e.reason}`;
    case 'playbook_started': return `Playbook started: ${e.playbook_name}`;
    case 'playbook_action_executed': return `Playbook action ${e.action_name} ${e.success ? 'succeeded' : 'failed'}: ${e.message}`;
    case 'playbook_completed': return `Playbook ${e.success ? 'completed' : 'failed'} after ${e.actions_executed} actions`;
    case 'notification_sent': return `Notification via ${e.channel} ${e.success ? 'sent' : 'failed'}`;
    case 'assignment_changed': return `Assigned to ${e.assignees.length > 0 ? e.assignees.join(', ') : 'nobody'}`;
    case 'comment_added': return `${e.author}: ${e.comment}`;
    case 'system_event': return `[${e.category}] ${e.message}`;
  }
}

/** A feed row: the event plus the facts the feed filters and displays, computed once. */
export interface FeedEntry {
  /** Arrival order in this window, strictly increasing. */
  seq: number;
  messageId: string;
  timestamp: string;
  event: IncidentEvent;
  kind: EventKind;
  severity: Severity | undefined;
  summary: string;
  source: string | undefined;
  incidentId: string | undefined;
  upstream: string | null;
  subscriptionIds: string[];
  /** Lower-case text the search box looks in. */
  haystack: string;
}

export function toFeedEntry(fe: FeedEvent, seq: number): FeedEntry {
  const e = fe.event;
  const summary = eventSummary(e);
  const source = eventSource(e);
  const incidentId = eventIncidentId(e);
  const severity = eventSeverity(e);
  const haystack = [e.event_type, summary, source, incidentId, severity, fe.upstream].filter(Boolean).join(' ').toLowerCase();
  return {
    seq, messageId: fe.messageId, timestamp: fe.timestamp, event: e, kind: eventKind(e), severity, summary, source,
    incidentId, upstream: fe.upstream, subscriptionIds: fe.subscriptionIds, haystack,
  };
}
