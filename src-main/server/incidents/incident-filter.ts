// The incident list query every store answers (filters, newest-first order, offset or keyset paging) and its in-memory form.
import type { Incident } from '../../../src-shared/protocol/index.js';

/** States in which an incident no longer needs anyone: what `activeOnly` leaves out and what memory eviction may drop. */
export const CLOSED_STATES: ReadonlySet<string> = new Set(['Resolved', 'Closed']);

export const isClosedIncident = (i: Pick<Incident, 'state'>): boolean => CLOSED_STATES.has(i.state);

/** A page request: empty filter lists mean "any"; `after` (keyset) and `offset` are exclusive. */
export interface IncidentStoreQuery {
  states: readonly string[];
  severities: readonly string[];
  sources: readonly string[];
  activeOnly: boolean;
  limit: number;
  offset: number | null;
  /** The page starts after this position in newest-first order (created_at, then lower-case id, both descending). */
  after: { createdMs: number; id: string } | null;
}

export interface IncidentQueryResult {
  /** At most `limit` incidents, newest created first. */
  incidents: Incident[];
  /** Incidents matching the filters, on all pages. */
  total: number;
  /** More incidents follow this page. */
  more: boolean;
}

/** Newest created first; ties broken by lower-case id (descending) so that pages never overlap. */
export function compareNewestFirst(a: Incident, b: Incident): number {
  const d = Date.parse(b.created_at) - Date.parse(a.created_at);
  if (d !== 0) return d;
  const ia = a.id.toLowerCase();
  const ib = b.id.toLowerCase();
  return ia === ib ? 0 : ia < ib ? 1 : -1;
}

export function matchesQuery(i: Incident, q: IncidentStoreQuery): boolean {
  return (q.states.length === 0 || q.states.includes(i.state))
    && (q.severities.length === 0 || q.severities.includes(i.severity))
    && (q.sources.length === 0 || q.sources.includes(i.source))
    && (!q.activeOnly || !isClosedIncident(i));
}

/** Answers a query over incidents held in memory (memory and cluster stores). */
export function queryInMemory(all: Iterable<Incident>, q: IncidentStoreQuery): IncidentQueryResult {
  const matching = [...all].filter((i) => matchesQuery(i, q)).sort(compareNewestFirst);
  let rest: Incident[];
  if (q.after) {
    const { createdMs, id } = q.after;
    rest = matching.filter((i) => {
      const ms = Date.parse(i.created_at);
      return ms < createdMs || (ms === createdMs && i.id.toLowerCase() < id);
    });
  } else {
    rest = matching.slice(q.offset ?? 0);
  }
  return { incidents: rest.slice(0, q.limit), total: matching.length, more: rest.length > q.limit };
}
