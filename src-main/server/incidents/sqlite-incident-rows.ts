// SQL for the incidents table: upsert with the indexed columns, point reads, the start-up set, list pages and retention.
import type Database from 'better-sqlite3';
import { STATES, type Incident } from '../../../src-shared/protocol/index.js';
import { CLOSED_STATES, type IncidentQueryResult, type IncidentStoreQuery } from './incident-filter.js';

const ACTIVE_STATES: readonly string[] = STATES.filter((s) => !CLOSED_STATES.has(s));

/** ms since the epoch of an RFC 3339 time; 0 when it does not parse (such rows sort last and age out first). */
const epochMs = (at: string): number => {
  const ms = Date.parse(at);
  return Number.isFinite(ms) ? ms : 0;
};

export function parseStored(id: string, json: string): Incident {
  try {
    return JSON.parse(json) as Incident;
  } catch (err) {
    throw new Error(`incident store: stored incident ${id} is not valid JSON (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
}

const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** Prepared statements over one connection; `db` must already have the current schema. */
export class IncidentRows {
  private readonly upsertStmt: Database.Statement;
  private readonly getStmt: Database.Statement;
  private readonly pruneStmt: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.upsertStmt = db.prepare(`INSERT INTO incidents (id, updated_at, incident_json, state, severity, source, created_ms, updated_ms)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, incident_json = excluded.incident_json, state = excluded.state,
        severity = excluded.severity, source = excluded.source, created_ms = excluded.created_ms, updated_ms = excluded.updated_ms`);
    this.getStmt = db.prepare('SELECT incident_json FROM incidents WHERE id = ?').pluck();
    this.pruneStmt = db.prepare(`DELETE FROM incidents WHERE id IN (SELECT id FROM incidents INDEXED BY incidents_closed_updated
      WHERE state IN ('Resolved', 'Closed') AND updated_ms < ? ORDER BY updated_ms LIMIT ?)`);
  }

  upsert(id: string, i: Incident): void {
    this.upsertStmt.run(id, i.updated_at, JSON.stringify(i), i.state, i.severity, i.source, epochMs(i.created_at), epochMs(i.updated_at));
  }

  get(id: string): Incident | undefined {
    const json = this.getStmt.get(id) as string | undefined;
    return json === undefined ? undefined : parseStored(id, json);
  }

  /** Every active incident, then the newest `closedMax` closed ones updated after `closedSinceMs`, oldest first. */
  memorySet(closedSinceMs: number, closedMax: number): { active: Array<[string, Incident]>; closed: Array<[string, Incident]> } {
    const active = (this.db.prepare(`SELECT id, incident_json FROM incidents WHERE state IN (${placeholders(ACTIVE_STATES.length)})`)
      .raw().all(...ACTIVE_STATES) as Array<[string, string]>).map(([id, json]): [string, Incident] => [id, parseStored(id, json)]);
    const closed = (this.db.prepare(`SELECT id, incident_json FROM incidents INDEXED BY incidents_closed_updated
        WHERE state IN ('Resolved', 'Closed') AND updated_ms > ? ORDER BY updated_ms DESC LIMIT ?`)
      .raw().all(closedSinceMs, closedMax) as Array<[string, string]>).reverse()
      .map(([id, json]): [string, Incident] => [id, parseStored(id, json)]);
    return { active, closed };
  }

  /** One page in newest-first order, by the indexes on state, severity, source and created_ms. */
  query(q: IncidentStoreQuery): IncidentQueryResult {
    const where: string[] = [];
    const args: Array<string | number> = [];
    const states = q.activeOnly ? (q.states.length === 0 ? ACTIVE_STATES : q.states.filter((s) => !CLOSED_STATES.has(s))) : q.states;
    if (q.activeOnly && states.length === 0) return { incidents: [], total: 0, more: false };
    for (const [column, values] of [['state', states], ['severity', q.severities], ['source', q.sources]] as const) {
      if (values.length === 0) continue;
      where.push(`${column} IN (${placeholders(values.length)})`);
      args.push(...values);
    }
    const filter = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
    const total = this.db.prepare(`SELECT count(*) FROM incidents ${filter}`).pluck().get(...args) as number;
    let page = filter;
    const pageArgs = [...args];
    if (q.after) {
      page = `${filter === '' ? 'WHERE' : `${filter} AND`} (created_ms < ? OR (created_ms = ? AND id < ?))`;
      pageArgs.push(q.after.createdMs, q.after.createdMs, q.after.id);
    }
    const rows = this.db.prepare(`SELECT id, incident_json FROM incidents ${page} ORDER BY created_ms DESC, id DESC LIMIT ? OFFSET ?`)
      .raw().all(...pageArgs, q.limit + 1, q.after ? 0 : (q.offset ?? 0)) as Array<[string, string]>;
    const incidents = rows.slice(0, q.limit).map(([id, json]) => parseStored(id, json));
    return { incidents, total, more: rows.length > q.limit };
  }

  /** Deletes at most `chunk` resolved/closed incidents last updated before `beforeMs`; returns how many. */
  prune(beforeMs: number, chunk: number): number {
    return this.pruneStmt.run(beforeMs, chunk).changes;
  }

  count(): number {
    return this.db.prepare('SELECT count(*) FROM incidents').pluck().get() as number;
  }
}
