// Wording of notifications: one event, a P0 reminder, or a storm summary ("7 new P1 incidents — api-gateway, …").
import type { Incident, IncidentEvent, Severity, Subject } from '../../src-shared/protocol/index.js';
import type { NotificationActionId, NotificationKind, PlannedNotification, Urgency } from './types.js';

/** Longest slice of free text (descriptions, comments) copied into a body; adapters cut further. */
const DETAIL_MAX = 1000;
const INCIDENT_ACTIONS: readonly NotificationActionId[] = ['acknowledge', 'snooze_1h', 'open'];

/** What the wording needs besides the event. */
export interface EventContext {
  subject: Subject;
  severity?: Severity;
  /** Latest known version of the incident the event concerns. */
  incident?: Incident;
  urgency: Urgency;
  messageId: string;
  /** Epoch ms of the decision, for the incident's age. */
  now?: number;
  /** Base URL of the web console (`http://127.0.0.1:8080`), for the link to the incident. */
  consoleUrl?: string;
}

/** Label keys shown in a body, in this order, when the event's subject has them. */
const SHOWN_LABELS = ['environment', 'env', 'team'] as const;

const shortId = (id: string): string => `incident ${id.slice(0, 8)}`;
const joinParts = (...parts: (string | undefined)[]): string => parts.filter((p) => p !== undefined && p !== '').join(' · ');
const detail = (text: string | undefined): string => (text ?? '').slice(0, DETAIL_MAX);
const lines = (...ls: (string | undefined)[]): string => ls.filter((l) => l !== undefined && l !== '').join('\n');

/** The link that opens the console on one incident. */
export const incidentLink = (consoleUrl: string, incidentId: string): string => `${consoleUrl.replace(/\/+$/, '')}/#incident=${incidentId}`;

/** "opened 4 min ago" from an ISO time, or undefined without a usable time. */
export function ageText(sinceIso: string | undefined, now: number | undefined): string | undefined {
  const since = sinceIso ? Date.parse(sinceIso) : Number.NaN;
  if (now === undefined || Number.isNaN(since)) return undefined;
  const mins = Math.max(0, Math.floor((now - since) / 60_000));
  if (mins < 1) return 'opened just now';
  if (mins < 120) return `opened ${mins} min ago`;
  return mins < 2880 ? `opened ${Math.floor(mins / 60)} h ago` : `opened ${Math.floor(mins / 1440)} days ago`;
}

function kindOf(e: IncidentEvent): NotificationKind {
  switch (e.event_type) {
    case 'incident_created': return 'incident';
    case 'escalated': return 'escalation';
    case 'alert_received': case 'alert_converted': return 'alert';
    case 'incident_resolved': return 'resolved';
    default: return 'update';
  }
}

/** Headline, title suffix and first body line of one event. */
function describe(e: IncidentEvent, ctx: EventContext, name: string): { headline: string; what: string; first?: string } {
  switch (e.event_type) {
    case 'incident_created': return { headline: name, what: name, first: detail(e.incident.description) };
    case 'escalated': return { headline: name, what: `${name} (escalated from ${e.from_severity})`, first: detail(e.reason) };
    case 'alert_received': return { headline: e.alert.title, what: `${e.alert.title} (alert)`, first: detail(e.alert.description) };
    case 'incident_resolved': return { headline: name, what: `${name} — resolved` };
    case 'incident_updated': return { headline: name, what: `${name} — ${e.incident.state}`, first: `${e.previous_state ?? '?'} → ${e.incident.state}` };
    case 'comment_added': return { headline: name, what: `${name} — comment`, first: `${e.author}: ${detail(e.comment)}` };
    case 'assignment_changed': return { headline: name, what: `${name} — assigned`, first: e.assignees.join(', ') || 'unassigned' };
    default: return { headline: name, what: `${name} — ${e.event_type.replace(/_/g, ' ')}` };
  }
}

/** The notification for one event that passed the rules: `P0 · <service>: <title>`, labels, age and link below. */
export function formatEvent(e: IncidentEvent, ctx: EventContext): PlannedNotification {
  const id = ctx.subject.incidentId;
  const name = ctx.incident?.title ?? (e.event_type === 'alert_received' ? e.alert.title : id ? shortId(id) : 'event');
  const kind = kindOf(e);
  const service = ctx.subject.resources?.[0] ?? ctx.subject.source;
  const label = service ?? name;
  if (e.event_type === 'system_event') {
    return { kind, title: `System: ${e.category}`, body: detail(e.message), headline: e.category, label: e.category, urgency: ctx.urgency, messageId: ctx.messageId };
  }
  const { headline, what, first } = describe(e, ctx, name);
  const labels = SHOWN_LABELS.filter((k) => (ctx.subject.labels?.[k] ?? '') !== '').map((k) => `${k}=${ctx.subject.labels?.[k] ?? ''}`);
  const where = joinParts(ctx.subject.source, ctx.subject.resources?.join(', '), ...labels);
  const link = ctx.consoleUrl && id ? incidentLink(ctx.consoleUrl, id) : undefined;
  const title = `${kind === 'resolved' ? 'Resolved' : ctx.severity ?? '–'} · ${service ? `${service}: ` : ''}${what}`;
  return {
    kind, title: title.trim(), body: lines(where, joinParts(ageText(ctx.incident?.created_at, ctx.now), link), first), headline,
    urgency: ctx.urgency, messageId: ctx.messageId, label,
    ...(id ? { incidentId: id } : {}),
    ...(ctx.severity ? { severity: ctx.severity } : {}),
    ...(id && kind !== 'resolved' ? { actions: INCIDENT_ACTIONS } : {}),
  };
}

/** A re-notification of an unacknowledged P0. */
export function formatReminder(r: { incidentId: string; headline: string; label: string; count: number; urgency: Urgency }): PlannedNotification {
  return {
    kind: 'reminder', title: `P0 · ${r.label}: ${r.headline} — still unacknowledged`, headline: r.headline, label: r.label,
    body: `Reminder ${r.count}. Acknowledge to stop the reminders.`, urgency: r.urgency,
    incidentId: r.incidentId, severity: 'P0', actions: INCIDENT_ACTIONS,
  };
}
