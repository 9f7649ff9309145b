// `tail`'s readable lines: short time, severity, event, incident title and service, what changed; and its stderr notices.
import type { EventMessage, Incident, IncidentEvent, ReplayCompleteMessage } from '../../../src-shared/protocol/index.js';
import type { Painter } from './colors.js';
import { serviceOf, type IncidentInfo } from './incident-context.js';

export interface LineOptions {
  utc: boolean;
  paint: Painter;
}

const two = (n: number) => String(n).padStart(2, '0');

/** `14:03:07` in local time, or `14:03:07Z` in UTC; the raw value when it is not a timestamp. */
export function shortTime(iso: string, utc: boolean): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return utc ? `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}Z`
    : `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

type AnyEvent = IncidentEvent & Record<string, unknown>;

/** The incident an event carries whole (created, updated, resolved, closed). */
export function carriedIncident(e: IncidentEvent): Incident | undefined {
  switch (e.event_type) {
    case 'incident_created': case 'incident_updated': case 'incident_resolved': case 'incident_closed': return e.incident;
    default: return undefined;
  }
}

/** The incident id an event is about, when it names one without carrying the incident. */
export function referencedIncident(e: IncidentEvent): string | undefined {
  if (carriedIncident(e) || e.event_type === 'alert_received' || e.event_type === 'system_event') return undefined;
  const id = (e as { incident_id?: unknown }).incident_id;
  return typeof id === 'string' ? id : undefined;
}

/** What happened, in a few words (the title and service are printed separately). */
function change(e: AnyEvent): string {
  switch (e.event_type) {
    case 'incident_created': return e.incident.state;
    case 'incident_updated': return e.previous_state && e.previous_state !== e.incident.state ? `${e.previous_state} → ${e.incident.state}` : e.incident.state;
    case 'incident_resolved': return 'resolved';
    case 'incident_closed': return 'closed';
    case 'alert_received': return `alert from ${e.alert.source}`;
    case 'alert_converted': return 'alert became this incident';
    case 'escalated': return `${e.from_severity} → ${e.to_severity}: ${e.reason}`;
    case 'playbook_started': return `playbook ${e.playbook_name} started`;
    case 'playbook_action_executed': return `${e.action_name} ${e.success ? 'ok' : 'failed'}${e.message ? `: ${e.message}` : ''}`;
    case 'playbook_completed': return `playbook ${e.success ? 'completed' : 'failed'} (${e.actions_executed} actions)`;
    case 'notification_sent': return `${e.channel} notification ${e.success ? 'sent' : 'failed'}`;
    case 'assignment_changed': return e.assignees.length ? `assigned to ${e.assignees.join(', ')}` : 'unassigned';
    case 'comment_added': return `${e.author}: "${e.comment}"`;
    case 'system_event': return e.message;
    default: return '';
  }
}

/** Severity, title and service of the event's subject: the incident it carries, its alert, or the looked-up context. */
function subject(e: AnyEvent, info: IncidentInfo | undefined): { severity: string; title: string; service: string } {
  const inc = carriedIncident(e);
  if (inc) return { severity: inc.severity, title: inc.title, service: serviceOf(inc.labels, inc.affected_resources, inc.source) };
  if (e.event_type === 'alert_received') return { severity: e.alert.severity, title: e.alert.title, service: serviceOf(e.alert.labels, e.alert.affected_services, e.alert.source) };
  if (e.event_type === 'system_event') return { severity: '--', title: `system: ${e.category}`, service: 'relay' };
  const id = referencedIncident(e) ?? '';
  const severity = e.event_type === 'escalated' ? e.to_severity : info?.severity ?? '--';
  return info ? { severity, title: info.title, service: info.service } : { severity, title: `incident ${id.slice(0, 8)}`, service: '?' };
}

/** One readable line: `14:03:07 P1 incident_updated  checkout: error rate spike (checkout)  Detected → Triaged`. */
export function formatLine(m: EventMessage, info: IncidentInfo | undefined, opts: LineOptions): string {
  const e = m.event as AnyEvent;
  const s = subject(e, info);
  const what = change(e);
  const { paint } = opts;
  return `${paint('dim', shortTime(m.timestamp, opts.utc))} ${paint(s.severity, s.severity.padEnd(2))} ${e.event_type.padEnd(24)} `
    + `${paint('bold', s.title)} ${paint('dim', `(${s.service})`)}${what ? `  ${what}` : ''}${m.out_of_order ? paint('dim', '  [ahead of older events]') : ''}`;
}

/** The stderr line for `replay_complete` after a (re)subscribe from `after`. */
export function replayLine(msg: ReplayCompleteMessage, after: string): string {
  const n = `${msg.replayed} ${msg.replayed === 1 ? 'event' : 'events'} replayed`;
  return msg.gap ? `gap: the server no longer has every event after ${after} (journal pruned or restarted); ${n}, some were missed`
    : `resumed after ${after}, nothing missed (${n})`;
}

/** The stderr line for a `closing` frame. */
export function closingLine(reason: string): string {
  const why: Record<string, string> = {
    shutdown: 'the server is shutting down', slow_consumer: 'this tail fell too far behind', session_timeout: 'the session timed out',
  };
  return `server closing the connection: ${why[reason] ?? reason}`;
}
