// Wording of a storm summary: highest severity first, the P0/P1 titles (newest first) before any counts, the services.
import { SEVERITIES, type Severity } from '../../src-shared/protocol/index.js';
import type { NotificationKind, PlannedNotification, Urgency } from './types.js';

/** Titles listed in a summary body; the rest are counted by severity. */
const LISTED_TITLES = 5;
/** Services named in a summary title; the body names up to `LISTED_SERVICES`. */
const TITLE_SERVICES = 2;
const LISTED_SERVICES = 6;
const URGENCY_RANK: Readonly<Record<Urgency, number>> = { low: 0, normal: 1, critical: 2 };
const rank = (s: Severity | undefined): number => (s === undefined ? SEVERITIES.length : SEVERITIES.indexOf(s));
const isPageable = (n: PlannedNotification): boolean => n.severity === 'P0' || n.severity === 'P1';

const NOUNS: Readonly<Record<NotificationKind, string>> = {
  incident: 'new {sev}incidents', escalation: '{sev}escalations', alert: 'new {sev}alerts', resolved: '{sev}incidents resolved',
  update: '{sev}incident updates', reminder: 'unacknowledged {sev}incidents', summary: '{sev}notifications',
};

/** Highest severity first; within one severity the newest (last held) first. */
function bySeverityNewestFirst(items: readonly PlannedNotification[]): PlannedNotification[] {
  return items.map((n, k) => ({ n, k })).sort((a, b) => rank(a.n.severity) - rank(b.n.severity) || b.k - a.k).map((x) => x.n);
}

/** "14 P1, 2 P2" for the notifications a body does not list. */
function countsBySeverity(items: readonly PlannedNotification[]): string {
  const counts = new Map<string, number>();
  for (const n of items) counts.set(n.severity ?? 'other', (counts.get(n.severity ?? 'other') ?? 0) + 1);
  return [...counts].map(([sev, c]) => `${c} ${sev}`).join(', ');
}

const namesWithMore = (names: readonly string[], max: number): string =>
  names.slice(0, max).join(', ') + (names.length > max ? `, +${names.length - max}` : '');

/** One summary for the notifications a storm held back. */
export function formatSummary(items: readonly PlannedNotification[]): PlannedNotification {
  const ordered = bySeverityNewestFirst(items);
  const kinds = new Set(items.map((i) => i.kind));
  const severities = [...new Set(ordered.map((i) => i.severity).filter((s): s is Severity => s !== undefined))];
  const sevText = severities.length > 0 ? `${severities.join('/')} ` : '';
  const [onlyKind] = kinds;
  const noun = (kinds.size === 1 && onlyKind ? NOUNS[onlyKind] : 'new {sev}notifications').replace('{sev}', sevText);
  const services = [...new Set(ordered.map((i) => i.label))];
  const listed = ordered.filter(isPageable).slice(0, LISTED_TITLES);
  const rest = ordered.filter((i) => !listed.includes(i));
  const urgency = items.reduce<Urgency>((u, i) => (URGENCY_RANK[i.urgency] > URGENCY_RANK[u] ? i.urgency : u), 'low');
  const body = [
    ...listed.map((i) => `${i.severity ?? '–'} · ${i.label}: ${i.headline}`),
    ...(rest.length > 0 ? [`${listed.length > 0 ? '+ ' : ''}${rest.length} ${listed.length > 0 ? 'more' : 'notifications'}: ${countsBySeverity(rest)}`] : []),
    `Services: ${namesWithMore(services, LISTED_SERVICES)}`,
  ];
  const members = items.map((i) => i.messageId).filter((m): m is string => m !== undefined);
  return {
    kind: 'summary', title: `${items.length} ${noun} — ${namesWithMore(services, TITLE_SERVICES)}`, headline: `${items.length} ${noun}`,
    label: namesWithMore(services, TITLE_SERVICES), body: body.join('\n'), urgency,
    ...(severities[0] ? { severity: severities[0] } : {}), ...(members.length > 0 ? { members } : {}),
  };
}
