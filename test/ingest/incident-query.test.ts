// GET /v1/incidents query parsing, filtering, ordering, and offset and cursor pagination (answered by the memory store and by
// SQLite's indexes), plus the state transition rules.
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { incidentPage, parseListQuery, type IncidentListQuery } from '../../src-main/ingest/incident-query.js';
import { checkTransition } from '../../src-main/ingest/incident-transitions.js';
import { MemoryIncidentStore } from '../../src-main/server/incidents/incident-store.js';
import { SqliteIncidentStore } from '../../src-main/server/incidents/sqlite-incident-store.js';
import { STATES, type Incident } from '../../src-shared/protocol/index.js';
import { makeTempDir } from '../journal/journal-fixtures.js';
import { incident } from '../support/fixtures.js';

const temp = makeTempDir();
const databases: Database.Database[] = [];
afterAll(() => {
  for (const db of databases) db.close();
  temp.cleanup();
});
/** A fresh store of `kind` holding `incidents`; SQLite ones are in a temp file, queried through their indexes. */
function storeOf(kind: string, incidents: readonly Incident[]): MemoryIncidentStore | SqliteIncidentStore {
  let store: MemoryIncidentStore | SqliteIncidentStore;
  if (kind === 'memory') {
    store = new MemoryIncidentStore();
  } else {
    const db = new Database(`${temp.dir}/q${databases.length}.sqlite3`);
    databases.push(db);
    store = new SqliteIncidentStore(db, { memoryMax: 0 }); // nothing closed stays in memory: the file answers
  }
  for (const i of incidents) store.put(i);
  return store;
}

const at = (minute: number) => new Date(Date.UTC(2025, 10, 12, 10, minute)).toISOString();
const all = [
  incident({ title: 'a', created_at: at(1), updated_at: at(1), state: 'Detected', severity: 'P0', source: 'alertmanager' }),
  incident({ title: 'b', created_at: at(2), updated_at: at(2), state: 'Investigating', severity: 'P1', source: 'alertmanager' }),
  incident({ title: 'c', created_at: at(3), updated_at: at(3), state: 'Resolved', severity: 'P1', source: 'api' }),
  incident({ title: 'd', created_at: at(4), updated_at: at(4), state: 'Closed', severity: 'P3', source: 'api' }),
  incident({ title: 'e', created_at: at(5), updated_at: at(5), state: 'Triaged', severity: 'P2', source: 'grafana' }),
];
const q = (s: string) => parseListQuery(new URLSearchParams(s));

describe.each(['memory', 'sqlite'])('incident list query (%s store)', (kind) => {
  const queryIncidents = (incidents: readonly Incident[], query: IncidentListQuery) => incidentPage(storeOf(kind, incidents).query(query), query);
  const titles = (s: string) => queryIncidents(all, q(s)).incidents.map((i) => i.title);

  it('lists newest first with the total', () => {
    const page = queryIncidents(all, q(''));
    expect(page.incidents.map((i) => i.title)).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(page).toMatchObject({ total: 5, limit: 50, offset: 0, next_cursor: null });
  });

  it('filters by states, severities, sources (repeated or comma-separated) and active_only', () => {
    expect(titles('states=Detected,Resolved')).toEqual(['c', 'a']);
    expect(titles('severities=P1&severities=P0')).toEqual(['c', 'b', 'a']);
    expect(titles('sources=api')).toEqual(['d', 'c']);
    expect(titles('active_only=true')).toEqual(['e', 'b', 'a']);
    expect(titles('active_only=true&severities=P1')).toEqual(['b']);
    expect(titles('active_only=0')).toHaveLength(5);
  });

  it('pages with limit and offset', () => {
    const p = queryIncidents(all, q('limit=2&offset=2'));
    expect(p.incidents.map((i) => i.title)).toEqual(['c', 'b']);
    expect(p).toMatchObject({ total: 5, limit: 2, offset: 2 });
    expect(p.next_cursor).not.toBeNull();
    expect(titles('offset=9')).toEqual([]);
  });

  it('pages with a cursor that stays stable when newer incidents arrive', () => {
    const first = queryIncidents(all, q('limit=2'));
    expect(first.incidents.map((i) => i.title)).toEqual(['e', 'd']);
    const grown = [...all, incident({ title: 'new', created_at: at(9), updated_at: at(9) })];
    const second = queryIncidents(grown, q(`limit=2&cursor=${first.next_cursor}`));
    expect(second.incidents.map((i) => i.title)).toEqual(['c', 'b']);
    expect(second.offset).toBeNull();
    const third = queryIncidents(grown, q(`limit=2&cursor=${second.next_cursor}`));
    expect(third.incidents.map((i) => i.title)).toEqual(['a']);
    expect(third.next_cursor).toBeNull();
  });

  it('orders incidents created in the same millisecond by id so that pages never overlap', () => {
    const same = Array.from({ length: 5 }, (_, k) => incident({ title: String(k), created_at: at(1), updated_at: at(1) }));
    const seen: string[] = [];
    let cursor = '';
    for (;;) {
      const page = queryIncidents(same, q(`limit=2${cursor ? `&cursor=${cursor}` : ''}`));
      seen.push(...page.incidents.map((i) => i.id));
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    expect(new Set(seen).size).toBe(5);
  });

});

describe('incident list query parameters', () => {
  it('refuses bad values naming the parameter', () => {
    expect(() => q('states=Sleeping')).toThrow(/states\.0/);
    expect(() => q('severities=P9')).toThrow(/severities\.0/);
    expect(() => q('limit=0')).toThrow(/limit/);
    expect(() => q('limit=501')).toThrow(/limit/);
    expect(() => q('offset=-1')).toThrow(/offset/);
    expect(() => q('active_only=maybe')).toThrow(/active_only/);
    expect(() => q('offset=1&cursor=abc')).toThrow(/cursor: give either offset or cursor/);
    expect(() => q('cursor=!!!')).toThrow(/cursor: not a cursor/);
  });
});

describe('incident state transitions', () => {
  it('allows forward moves, skipping steps, and refuses backward moves and leaving Closed', () => {
    for (const [i, from] of STATES.entries()) {
      for (const [j, to] of STATES.entries()) {
        const r = checkTransition(from, to);
        const allowed = from === to || (from !== 'Closed' && j > i);
        expect([from, to, r.ok]).toEqual([from, to, allowed]);
      }
    }
    expect(checkTransition('Detected', 'Detected')).toEqual({ ok: true, changed: false });
    expect(checkTransition('Resolved', 'Investigating')).toMatchObject({ ok: false, reason: expect.stringMatching(/allowed: Closed/) });
  });
});
