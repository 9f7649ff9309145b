// Eviction rules of the in-memory incident set (fake clock), start-up loading only that set, file fallback, indexes and disk retention.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IncidentMemory } from '../../src-main/server/incidents/incident-memory.js';
import { MemoryIncidentStore } from '../../src-main/server/incidents/incident-store.js';
import { SqliteIncidentStore } from '../../src-main/server/incidents/sqlite-incident-store.js';
import { SqliteJournal } from '../../src-main/server/journal/sqlite-journal.js';
import type { Incident } from '../../src-shared/protocol/index.js';
import { makeIncident, makeTempDir } from './journal-fixtures.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 1);
let now = T0;
const clock = () => now;
const at = (ms: number) => new Date(ms).toISOString();
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const incident = (n: number, state: Incident['state'], updatedMs = now, extra: Partial<Incident> = {}) =>
  makeIncident({ id: id(n), state, created_at: at(updatedMs), updated_at: at(updatedMs), ...extra });

beforeEach(() => { now = T0; });

describe('IncidentMemory eviction', () => {
  it('never evicts an active incident, however many and however old', () => {
    const m = new IncidentMemory({ memorySecs: 60, memoryMax: 2 }, clock);
    for (let n = 0; n < 50; n++) m.set(id(n), incident(n, 'Investigating'));
    now += 10 * DAY;
    expect(m.evict()).toBe(0);
    expect(m.size).toBe(50);
  });

  it('tells the owner each id it evicts, by either bound, and none it keeps', () => {
    const evicted: string[] = [];
    const m = new IncidentMemory({ memorySecs: 60, memoryMax: 2 }, clock, (gone) => evicted.push(gone));
    for (let n = 0; n < 4; n++) m.set(id(n), incident(n, 'Resolved'));
    m.set(id(7), incident(7, 'Detected'));
    expect(evicted).toEqual([id(0), id(1)]);
    now += 61_000;
    m.evict();
    expect(evicted).toEqual([id(0), id(1), id(2), id(3)]);
    expect([...m.values()].map((i) => i.id)).toEqual([id(7)]);
  });

  it('keeps at most memoryMax resolved/closed incidents, dropping the least recently stored first', () => {
    const m = new IncidentMemory({ memorySecs: 3600, memoryMax: 3 }, clock);
    for (let n = 0; n < 5; n++) m.set(id(n), incident(n, n % 2 === 0 ? 'Resolved' : 'Closed'));
    expect([...m.values()].map((i) => i.id)).toEqual([id(2), id(3), id(4)]);
    m.set(id(2), incident(2, 'Closed')); // stored again: now the newest
    m.set(id(9), incident(9, 'Resolved'));
    expect(m.closedCount).toBe(3);
    expect(m.get(id(3))).toBeUndefined();
    expect(m.get(id(2))).toBeDefined();
  });

  it('drops resolved/closed incidents memorySecs after they were stored, whichever bound comes first', () => {
    const m = new IncidentMemory({ memorySecs: 3600, memoryMax: 100 }, clock);
    m.set(id(1), incident(1, 'Resolved'));
    now += 30 * 60_000;
    m.set(id(2), incident(2, 'Closed'));
    m.set(id(3), incident(3, 'Detected'));
    now += 30 * 60_000;
    expect(m.evict()).toBe(1);
    expect(m.get(id(1))).toBeUndefined();
    now += 30 * 60_000;
    expect(m.evict()).toBe(1);
    expect([...m.values()].map((i) => i.id)).toEqual([id(3)]);
  });

  it('an incident reopened after resolving is active again and no longer counted against the bound', () => {
    const m = new IncidentMemory({ memorySecs: 60, memoryMax: 1 }, clock);
    m.set(id(1), incident(1, 'Resolved'));
    m.set(id(1), incident(1, 'Investigating'));
    m.set(id(2), incident(2, 'Resolved'));
    now += DAY;
    m.evict();
    expect(m.get(id(1))?.state).toBe('Investigating');
    expect(m.closedCount).toBe(0);
  });

  it('refuses impossible bounds naming the setting', () => {
    expect(() => new IncidentMemory({ memorySecs: 0, memoryMax: 1 })).toThrow(/incident_memory_secs/);
    expect(() => new IncidentMemory({ memorySecs: 1, memoryMax: 1.5 })).toThrow(/incident_memory_max/);
  });

  it('the memory-only store applies the same bounds', () => {
    const store = new MemoryIncidentStore({ memorySecs: 60, memoryMax: 10 }, clock);
    for (let n = 0; n < 100; n++) store.put(incident(n, 'Resolved'));
    store.put(incident(500, 'Triaged'));
    expect(store.size()).toBe(11);
    now += 61_000;
    expect(store.list().map((i) => i.id)).toEqual([id(500)]);
  });
});

describe('SqliteIncidentStore bounds', () => {
  let temp: ReturnType<typeof makeTempDir>;
  const journals: SqliteJournal[] = [];
  const openJournal = () => {
    const j = new SqliteJournal(join(temp.dir, 'journal.db'));
    journals.push(j);
    return j;
  };
  beforeEach(() => { temp = makeTempDir(); });
  afterEach(() => {
    for (const j of journals.splice(0)) j.close();
    temp.cleanup();
  });

  it('answers get() for an evicted incident from the file, also before its write went behind', () => {
    const journal = openJournal();
    const store = new SqliteIncidentStore(journal.db, { memoryMax: 1, clock });
    journal.addAppendHook(() => store.flush());
    store.put(incident(1, 'Resolved', now, { title: 'evicted early' }));
    store.put(incident(2, 'Resolved'));
    expect(store.size()).toBe(1);
    expect(store.get(id(1))?.title).toBe('evicted early'); // still pending in the write-behind
    store.flush();
    expect(store.get(id(1))?.title).toBe('evicted early'); // now from the file
    store.setSeverity(id(1), 'P0', at(now + 1));
    expect(store.get(id(1))).toMatchObject({ severity: 'P0', title: 'evicted early' });
    expect(store.get(id(77))).toBeUndefined();
  });

  it('loads only active incidents and the newest recent closed ones at start', () => {
    const journal = openJournal();
    const writer = new SqliteIncidentStore(journal.db, { clock });
    for (let n = 0; n < 20; n++) writer.put(incident(n, 'Detected', now - n * HOUR));
    for (let n = 100; n < 130; n++) writer.put(incident(n, 'Resolved', now - (n - 100) * HOUR)); // 0 h … 29 h old
    writer.flush();

    const reopened = new SqliteIncidentStore(journal.db, { memorySecs: 24 * 3600, memoryMax: 10, clock });
    const closed = reopened.list().filter((i) => i.state === 'Resolved').map((i) => i.id);
    expect(closed).toHaveLength(10);
    expect(closed.sort()).toEqual(Array.from({ length: 10 }, (_, k) => id(100 + k)));
    expect(reopened.size()).toBe(30);
    const byAge = new SqliteIncidentStore(journal.db, { memorySecs: 5 * 3600, memoryMax: 1000, clock });
    expect(byAge.list().filter((i) => i.state === 'Resolved')).toHaveLength(5); // updated 0 … 4 h ago
    expect(byAge.get(id(129))?.state).toBe('Resolved'); // still on disk
    expect(reopened.storedCount()).toBe(50);
  });

  it('prunes resolved/closed incidents from the file after incident_retention_days, never active ones', () => {
    const journal = openJournal();
    const store = new SqliteIncidentStore(journal.db, { retentionDays: 30, pruneChunk: 7, clock });
    for (let n = 0; n < 20; n++) store.put(incident(n, n % 2 === 0 ? 'Resolved' : 'Closed', now - (n + 25) * DAY));
    store.put(incident(50, 'Investigating', now - 400 * DAY));
    store.flush();
    let deleted = 0;
    for (let run = store.prune(); run > 0; run = store.prune()) deleted += run;
    expect(deleted).toBe(14); // updated 31 … 44 days ago (n = 6 … 19)
    expect(store.storedCount()).toBe(7);
    expect(store.get(id(50))?.state).toBe('Investigating');
    expect(store.get(id(19))).toBeUndefined();
    expect(store.get(id(5))?.state).toBe('Closed'); // exactly 30 days: kept
  });

  it('refuses a retention that is not a positive number of days', () => {
    expect(() => new SqliteIncidentStore(openJournal().db, { retentionDays: 0 })).toThrow(/incident_retention_days/);
  });

  it('list queries with filters use the indexes, not a scan of the table (start-up and retention name theirs)', () => {
    const journal = openJournal();
    new SqliteIncidentStore(journal.db);
    const plan = (sql: string) => (journal.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join('; ');
    const order = 'ORDER BY created_ms DESC, id DESC LIMIT 50';
    expect(plan(`SELECT incident_json FROM incidents ${order}`)).toMatch(/USING (COVERING )?INDEX incidents_newest/);
    expect(plan(`SELECT incident_json FROM incidents WHERE state IN ('Detected', 'Triaged') ${order}`)).toMatch(/INDEX incidents_state/);
    expect(plan(`SELECT incident_json FROM incidents WHERE severity IN ('P0') ${order}`)).toMatch(/INDEX incidents_severity/);
    expect(plan(`SELECT incident_json FROM incidents WHERE source IN ('api') ${order}`)).toMatch(/INDEX incidents_source/);
  });
});
