// Board order and filtering: active incidents, most severe first, then newest first; free-text search.
import type { IncidentSummary } from '../../src-shared/bridge/index.js';
import { SEVERITIES, type Severity } from '../../src-shared/protocol/index.js';

const SEVERITY_RANK: Readonly<Record<Severity, number>> = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;
const CLOSED_STATES: ReadonlySet<string> = new Set(['Resolved', 'Closed']);

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

/** P0 before P1 …; within a severity the newest incident first. */
export function compareForBoard(a: IncidentSummary, b: IncidentSummary): number {
  const bySeverity = SEVERITY_RANK[a.incident.severity] - SEVERITY_RANK[b.incident.severity];
  if (bySeverity !== 0) return bySeverity;
  const byAge = createdAtMs(b) - createdAtMs(a);
  return byAge !== 0 ? byAge : a.incident.id.localeCompare(b.incident.id);
}

function matchesQuery(s: IncidentSummary, q: string): boolean {
  const i = s.incident;
  if (i.title.toLowerCase().includes(q) || i.source.toLowerCase().includes(q) || i.id.toLowerCase().startsWith(q)) return true;
  if (i.affected_resources.some((r) => r.toLowerCase().includes(q))) return true;
  return Object.entries(i.labels).some(([k, v]) => `${k}=${v}`.toLowerCase().includes(q));
}

export interface BoardFilter {
  showResolved: boolean;
  query: string;
}

/** The incidents the board lists, in board order. */
export function boardIncidents(byId: Readonly<Record<string, IncidentSummary>>, filter: BoardFilter): IncidentSummary[] {
  const q = filter.query.trim().toLowerCase();
  const out: IncidentSummary[] = [];
  for (const id in byId) {
    const s = byId[id];
    if (!s || (!filter.showResolved && !isActive(s)) || (q !== '' && !matchesQuery(s, q))) continue;
    out.push(s);
  }
  return out.sort(compareForBoard);
}
