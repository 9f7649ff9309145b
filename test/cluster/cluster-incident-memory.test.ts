// Cluster nodes keep only active and recent resolved incidents in memory; evicted ones are answered from the KV bucket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident, IncidentEvent, Severity } from '../../src-shared/protocol/index.js';
import { escalated, incident } from '../support/fixtures.js';
import { startNatsServer, stopAllNats, type NatsServer } from './support/nats-server.js';
import { postEvents, startClusterNode, stopAllNodes, TOKEN, type ClusterNode } from './support/cluster-node.js';

const RESOLVED = 5_200;
const ACTIVE = 40;
const MEMORY_MAX = 100;
const SEVERITIES: Severity[] = ['P0', 'P1', 'P2', 'P3', 'P4'];
const settings = { cluster_stream: 'IR_INCIDENT_MEMORY', incident_memory_max: MEMORY_MAX };

let nats: NatsServer;
let a: ClusterNode;
const source = `memory-${Date.now()}`;
const resolved: Incident[] = [];
const active: Incident[] = [];

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } });
  return { status: res.status, body: (await res.json()) as T };
}

async function publishAll(node: ClusterNode, events: IncidentEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 500) {
    const r = await postEvents(node.url, { events: events.slice(i, i + 500) });
    expect(r.status).toBe(202);
  }
}

/** Polls until `check` passes (the other node applies the stream asynchronously). */
async function eventually(check: () => Promise<void>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

beforeAll(async () => {
  nats = await startNatsServer();
  a = await startClusterNode(nats.url, settings);
  const base = Date.now() - 2 * 3600_000; // within incident_memory_secs (24 h): the count bound evicts
  for (let n = 0; n < RESOLVED; n++) {
    const at = new Date(base + n * 1000).toISOString();
    resolved.push(incident({ source, title: `r${n}`, state: 'Resolved', severity: SEVERITIES[n % 5]!, created_at: at, updated_at: at }));
  }
  for (let n = 0; n < ACTIVE; n++) active.push(incident({ source, title: `a${n}`, severity: 'P1' }));
  await publishAll(a, [...resolved, ...active].map((i) => ({ event_type: 'incident_created', incident: i })));
  await a.cluster.incidents.flushed();
}, 180_000);
afterAll(async () => {
  await stopAllNodes();
  await stopAllNats();
});

describe('cluster incident memory', () => {
  it('holds every active incident and at most incident_memory_max resolved ones, on the publishing node and on one started later', async () => {
    const late = await startClusterNode(nats.url, settings);
    for (const node of [a, late]) {
      expect(node.cluster.incidents.size()).toBe(ACTIVE + MEMORY_MAX);
      const held = new Set(node.cluster.incidents.list().map((i) => i.id));
      for (const i of active) expect(held.has(i.id)).toBe(true);
      expect(held.has(resolved[0]!.id)).toBe(false);
    }
  });

  it('answers GET /v1/incidents/:id for an evicted incident from the bucket', async () => {
    const evicted = resolved[7]!;
    expect(a.cluster.incidents.get(evicted.id)).toBeUndefined();
    const r = await getJson<Incident>(`${a.url}/v1/incidents/${evicted.id}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: evicted.id, title: 'r7', state: 'Resolved', severity: 'P2' });
    expect((await getJson(`${a.url}/v1/incidents/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('answers list filters over evicted incidents, page after page, with the right total', async () => {
    const want = resolved.filter((i) => i.severity === 'P3').map((i) => i.id).reverse();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { incidents: Incident[]; total: number; next_cursor: string | null } } = await getJson(
        `${a.url}/v1/incidents?sources=${source}&states=Resolved&severities=P3&limit=400${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(want.length);
      seen.push(...page.body.incidents.map((i) => i.id));
      cursor = page.body.next_cursor;
    } while (cursor !== null);
    expect(seen).toEqual(want);
    const offset = await getJson<{ incidents: Incident[]; total: number }>(`${a.url}/v1/incidents?sources=${source}&limit=3&offset=${ACTIVE + 10}`);
    expect(offset.body.total).toBe(RESOLVED + ACTIVE);
    expect(offset.body.incidents.map((i) => i.title)).toEqual([`r${RESOLVED - 11}`, `r${RESOLVED - 12}`, `r${RESOLVED - 13}`]);
    const onlyActive = await getJson<{ incidents: Incident[]; total: number }>(`${a.url}/v1/incidents?sources=${source}&active_only=true&limit=500`);
    expect(onlyActive.body.total).toBe(ACTIVE);
  });

  it('applies an escalation and an assignment to an evicted incident on every node (read back from the bucket first)', async () => {
    const late = await startClusterNode(nats.url, settings);
    const target = resolved[3]!;
    await publishAll(a, [escalated(target.id, target.severity, 'P0')]);
    const put = await fetch(`${a.url}/v1/incidents/${target.id}`, {
      method: 'PUT', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ assignees: ['kim'] }),
    });
    expect(put.status).toBe(200);
    for (const node of [a, late]) {
      await eventually(async () => {
        const r = await getJson<Incident>(`${node.url}/v1/incidents/${target.id}`);
        expect(r.body).toMatchObject({ severity: 'P0', assignees: ['kim'], state: 'Resolved' });
      });
    }
    await a.cluster.incidents.flushed();
    const restarted = await startClusterNode(nats.url, settings);
    expect((await getJson<Incident>(`${restarted.url}/v1/incidents/${target.id}`)).body).toMatchObject({ severity: 'P0', assignees: ['kim'] });
  });
});
