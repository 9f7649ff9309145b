// A server over a journal of 50,000 incidents holds only the configured in-memory set and still serves every incident over REST.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type IncidentRelayApp } from '../../src-main/app/index.js';
import { parseConfig } from '../../src-main/server/config/load.js';
import { SqliteIncidentStore } from '../../src-main/server/incidents/sqlite-incident-store.js';
import { createLogger } from '../../src-main/server/telemetry/logger.js';
import { SqliteJournal } from '../../src-main/server/journal/sqlite-journal.js';
import { makeIncident } from '../journal/journal-fixtures.js';

const TOKEN = 'incident-memory-bound-token-0123456789';
const ACTIVE = 25_000;
const RESOLVED = 25_000;
const MEMORY_MAX = 500;
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const recent = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString();

describe('incident store bounded by configuration', () => {
  let dir = '';
  let relay: IncidentRelayApp | undefined;
  let url = '';
  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    return { status: res.status, body: await res.json() as Record<string, unknown> };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ir-incident-bound-'));
    const journal = new SqliteJournal(join(dir, 'journal.sqlite3'));
    const store = new SqliteIncidentStore(journal.db);
    journal.db.transaction(() => {
      for (let n = 0; n < ACTIVE + RESOLVED; n++) {
        const at = recent(ACTIVE + RESOLVED - n); // one a second (all within a day), the newest last
        store.put(makeIncident({ id: id(n), created_at: at, updated_at: at, state: n < RESOLVED ? 'Resolved' : 'Investigating',
          severity: n % 10 === 0 ? 'P0' : 'P3', source: n % 2 === 0 ? 'even' : 'odd', title: `incident ${n}` }));
      }
      store.flush();
    })();
    journal.close();
    const config = parseConfig({ port: 0, data_dir: dir, log_level: 'silent', publish_token: TOKEN, incident_memory_max: MEMORY_MAX });
    relay = await openApp(config, createLogger('silent'), { webControl: false });
    url = (await relay.server.start()).url;
  }, 120_000);

  afterAll(async () => {
    await relay?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads every active incident and only incident_memory_max resolved ones', () => {
    const held = relay!.server.incidents.list();
    expect(held.filter((i) => i.state === 'Investigating')).toHaveLength(ACTIVE);
    expect(held.filter((i) => i.state === 'Resolved').map((i) => i.title).sort())
      .toEqual(Array.from({ length: MEMORY_MAX }, (_, k) => `incident ${RESOLVED - MEMORY_MAX + k}`).sort());
  });

  it('serves GET /v1/incidents/:id for an incident not held in memory', async () => {
    expect(relay!.server.incidents.list().some((i) => i.id === id(7))).toBe(false);
    const res = await get(`/v1/incidents/${id(7)}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: id(7), state: 'Resolved', title: 'incident 7' });
  });

  it('lists from the file with filters and pages: every resolved incident, not only the ones in memory', async () => {
    const page = await get('/v1/incidents?states=Resolved&severities=P0&limit=100');
    expect(page.body['total']).toBe(RESOLVED / 10);
    const seen = new Set<string>();
    let cursor = page.body['next_cursor'] as string | null;
    for (const i of page.body['incidents'] as Array<{ id: string }>) seen.add(i.id);
    while (cursor) {
      const next = await get(`/v1/incidents?states=Resolved&severities=P0&limit=100&cursor=${cursor}`);
      for (const i of next.body['incidents'] as Array<{ id: string }>) seen.add(i.id);
      cursor = next.body['next_cursor'] as string | null;
    }
    expect(seen.size).toBe(RESOLVED / 10);
    expect(seen.has(id(0))).toBe(true);
    const odd = await get('/v1/incidents?sources=odd&active_only=true&limit=1');
    expect(odd.body['total']).toBe(ACTIVE / 2);
    expect((odd.body['incidents'] as Array<{ title: string }>)[0]!.title).toBe(`incident ${ACTIVE + RESOLVED - 1}`);
  });

  it('resolving more incidents over REST keeps the in-memory resolved set at its bound', async () => {
    for (let n = RESOLVED; n < RESOLVED + 20; n++) {
      const res = await fetch(`${url}/v1/incidents/${id(n)}/resolve`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
    }
    const held = relay!.server.incidents.list();
    expect(held.filter((i) => i.state === 'Resolved')).toHaveLength(MEMORY_MAX);
    expect(held.filter((i) => i.state === 'Investigating')).toHaveLength(ACTIVE - 20);
    expect((await get(`/v1/incidents/${id(RESOLVED - MEMORY_MAX)}`)).body).toMatchObject({ state: 'Resolved' }); // evicted just now
  });
});
