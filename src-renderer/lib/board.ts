// Board order and filtering: active incidents, most severe first, then oldest (or newest) first; search; upstream.
import type { IncidentSummary } from '../../src-shared/bridge/index.js';
import { SEVERITIES, type Severity } from '../../src-shared/protocol/index.js';

const SEVERITY_RANK: Readonly<Record<Severity, number>> = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;
const CLOSED_STATES: ReadonlySet<string> = new Set(['Resolved', 'Closed']);

/** The upstream filter value meaning "published on this server". */
export const LOCAL_ORIGIN = '(this server)';

export function isActive(s: IncidentSummary): boolean {
  return !CLOSED_STATES.has(s.incident.state);
}

/** Parsed `created_at` per incident object, so sorting 500 incidents does not parse thousands of dates. */
const createdMs = new WeakMap<object, number>();
function createdAtMs(s: IncidentSummary): number {
  let ms = createdMs.get(s.incident);
  if (ms === undefined) {
    ms = Date.parse(s.incident.created_at);
    createdMs.set(s.incident, ms);
  }
  return ms;
}

/** P0 before P1 …; within a severity the oldest incident first (the one waiting longest), or the newest. */
export function compareForBoard(a: IncidentSummary, b: IncidentSummary, newestFirst = false): number {
  const bySeverity = SEVERITY_RANK[a.incident.severity] - SEVERITY_RANK[b.incident.severity];
  if (bySeverity !== 0) return bySeverity;
  const byAge = newestFirst ? createdAtMs(b) - createdAtMs(a) : createdAtMs(a) - createdAtMs(b);
  return byAge !== 0 ? byAge : a.incident.id.localeCompare(b.incident.id);
}

function matchesQuery(s: IncidentSummary, q: string): boolean {
  const i = s.incident;
  if (i.title.toLowerCase().includes(q) || i.source.toLowerCase().includes(q) || i.id.toLowerCase().startsWith(q)) return true;
  if (s.upstream?.toLowerCase().includes(q)) return true;
  if (i.affected_resources.some((r) => r.toLowerCase().includes(q))) return true;
  return Object.entries(i.labels).some(([k, v]) => `${k}=${v}`.toLowerCase().includes(q));
}

/** Where an incident came from: its upstream's name, or LOCAL_ORIGIN. */
export const originOf = (s: IncidentSummary): string => s.upstream ?? LOCAL_ORIGIN;

export interface BoardFilter {
  showResolved: boolean;
  query: string;
  /** Within a severity, newest first instead of oldest first. */
  newestFirst?: boolean;
  /** Only incidents from this origin (an upstream name or LOCAL_ORIGIN); null for all. */
  origin?: string | null;
}

/** The incidents the board lists, in board order. */
export function boardIncidents(byId: Readonly<Record<string, IncidentSummary>>, filter: BoardFilter): IncidentSummary[] {
  const q = filter.query.trim().toLowerCase();
  const origin = filter.origin ?? null;
  const out: IncidentSummary[] = [];
  for (const id in byId) {
    const s = byId[id];
    if (!s || (!filter.showResolved && !isActive(s)) || (q !== '' && !matchesQuery(s, q))) continue;
    if (origin !== null && originOf(s) !== origin) continue;
    out.push(s);
  }
  const newestFirst = filter.newestFirst ?? false;
  return out.sort((a, b) => compareForBoard(a, b, newestFirst));
}
