// Wording of notifications: one event, a P0 reminder, or a storm summary ("7 new P1 incidents — api-gateway, …").
import type { Incident, IncidentEvent, Severity, Subject } from '../../src-shared/protocol/index.js';
import type { NotificationActionId, NotificationKind, PlannedNotification, Urgency } from './types.js';

/** Longest slice of free text (descriptions, comments) copied into a body; adapters cut further. */
const DETAIL_MAX = 1000;
const INCIDENT_ACTIONS: readonly NotificationActionId[] = ['acknowledge', 'snooze_1h'];
const URGENCY_RANK: Readonly<Record<Urgency, number>> = { low: 0, normal: 1, critical: 2 };

/** What the wording needs besides the event. */
export interface EventContext {
  subject: Subject;
  severity?: Severity;
  /** Latest known version of the incident the event concerns. */
  incident?: Incident;
  urgency: Urgency;
  messageId: string;
}

const shortId = (id: string): string => `incident ${id.slice(0, 8)}`;
const joinParts = (...parts: (string | undefined)[]): string => parts.filter((p) => p !== undefined && p !== '').join(' · ');
const detail = (text: string | undefined): string => (text ?? '').slice(0, DETAIL_MAX);
const lines = (...ls: (string | undefined)[]): string => ls.filter((l) => l !== undefined && l !== '').join('\n');

function kindOf(e: IncidentEvent): NotificationKind {
  switch (e.event_type) {
    case 'incident_created': return 'incident';
    case 'escalated': return 'escalation';
    case 'alert_received': case 'alert_converted': return 'alert';
    case 'incident_resolved': return 'resolved';
    default: return 'update';
  }
}

/** Headline and body of one event (before the severity prefix). */
function describe(e: IncidentEvent, ctx: EventContext, name: string): { headline: string; title: string; body: string } {
  const sev = ctx.severity ?? '';
  const where = joinParts(ctx.subject.source, ctx.subject.resources?.join(', '));
  switch (e.event_type) {
    case 'incident_created':
      return { headline: name, title: `${sev} incident: ${name}`, body: lines(where, detail(e.incident.description)) };
    case 'escalated':
      return { headline: name, title: `Escalated to ${e.to_severity}: ${name}`, body: lines(`${e.from_severity} → ${e.to_severity}: ${detail(e.reason)}`, where) };
    case 'alert_received':
      return { headline: e.alert.title, title: `${sev} alert: ${e.alert.title}`, body: lines(where, detail(e.alert.description)) };
    case 'incident_resolved':
      return { headline: name, title: `Resolved: ${name}`, body: joinParts(sev, where) };
    case 'incident_updated':
      return { headline: name, title: `${sev} ${e.incident.state}: ${name}`, body: lines(`${e.previous_state ?? '?'} → ${e.incident.state}`, where) };
    case 'comment_added':
      return { headline: name, title: `${sev} comment: ${name}`, body: `${e.author}: ${detail(e.comment)}` };
    case 'assignment_changed':
      return { headline: name, title: `${sev} assigned: ${name}`, body: e.assignees.join(', ') || 'unassigned' };
    case 'system_event':
      return { headline: e.category, title: `System: ${e.category}`, body: detail(e.message) };
    default:
      return { headline: name, title: `${sev} ${e.event_type.replace(/_/g, ' ')}: ${name}`, body: where };
  }
}

/** The notification for one event that passed the rules. */
export function formatEvent(e: IncidentEvent, ctx: EventContext): PlannedNotification {
  const id = ctx.subject.incidentId;
  const name = ctx.incident?.title ?? (e.event_type === 'alert_received' ? e.alert.title : id ? shortId(id) : 'event');
  const { headline, title, body } = describe(e, ctx, name);
  const kind = kindOf(e);
  return {
    kind, title: title.trim(), body, headline, urgency: ctx.urgency, messageId: ctx.messageId,
    label: ctx.subject.resources?.[0] ?? ctx.subject.source ?? headline,
    ...(id ? { incidentId: id } : {}),
    ...(ctx.severity ? { severity: ctx.severity } : {}),
    ...(id && kind !== 'resolved' ? { actions: INCIDENT_ACTIONS } : {}),
  };
}

/** A re-notification of an unacknowledged P0. */
export function formatReminder(r: { incidentId: string; headline: string; label: string; count: number; urgency: Urgency }): PlannedNotification {
  return {
    kind: 'reminder', title: `Still unacknowledged — P0: ${r.headline}`, headline: r.headline, label: r.label,
    body: `Reminder ${r.count}. Acknowledge to stop the reminders.`, urgency: r.urgency,
    incidentId: r.incidentId, severity: 'P0', actions: INCIDENT_ACTIONS,
  };
}

const NOUNS: Readonly<Record<NotificationKind, string>> = {
  incident: 'new {sev}incidents', escalation: '{sev}escalations', alert: 'new {sev}alerts', resolved: '{sev}incidents resolved',
  update: '{sev}incident updates', reminder: 'unacknowledged {sev}incidents', summary: '{sev}notifications',
};

/** One summary for the notifications a storm held back. */
export function formatSummary(items: readonly PlannedNotification[]): PlannedNotification {
  const kinds = new Set(items.map((i) => i.kind));
  const severities = [...new Set(items.map((i) => i.severity).filter((s): s is Severity => s !== undefined))].sort();
  const sevText = severities.length > 0 ? `${severities.join('/')} ` : '';
  const [onlyKind] = kinds;
  const noun = (kinds.size === 1 && onlyKind ? NOUNS[onlyKind] : 'new {sev}notifications').replace('{sev}', sevText);
  const labels = [...new Set(items.map((i) => i.label))];
  const names = labels.slice(0, 2).join(', ') + (labels.length > 2 ? ', …' : '');
  const shown = items.slice(0, 5).map((i) => `${i.severity ?? '–'} ${i.headline}`);
  const more = items.length > shown.length ? `and ${items.length - shown.length} more` : undefined;
  const urgency = items.reduce<Urgency>((u, i) => (URGENCY_RANK[i.urgency] > URGENCY_RANK[u] ? i.urgency : u), 'low');
  return {
    kind: 'summary', title: `${items.length} ${noun} — ${names}`, headline: `${items.length} ${noun}`, label: names,
    body: lines(...shown, more), urgency, ...(severities[0] ? { severity: severities[0] } : {}),
  };
}
