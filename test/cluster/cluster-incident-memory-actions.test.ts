// Acting on an incident a cluster node evicted from memory: REST and console calls answer as on a node holding it; cut from NATS, 503.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident, IncidentEvent } from '../../src-shared/protocol/index.js';
import { startServe, type ServeProcess } from '../support/cli-process.js';
import { incident } from '../support/fixtures.js';
import { startLinkCutter, type LinkCutter } from '../support/link-cutter.js';
import { TestClient } from '../support/ws-client.js';
import { startNatsServer, stopAllNats, type NatsServer } from './support/nats-server.js';
import { step } from './support/steps.js';

/** Node B keeps two resolved incidents in memory; node A (default bounds) keeps all of them. */
const MEMORY_MAX = 2;
const RESOLVED = 8;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

let nats: NatsServer;
let cutter: LinkCutter;
let a: ServeProcess;
let b: ServeProcess;
const source = `evicted-${Date.now()}`;
const resolved: Incident[] = [];
const active = incident({ source, title: 'still open', severity: 'P1' });

interface Answer { status: number; body: unknown }

async function call(node: ServeProcess, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${node.url}${path}`, {
    method, headers: { Authorization: `Bearer ${node.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) as unknown : undefined };
}

/** A console (bridge) call over the web transport, with the node's admin token. */
const bridge = (node: ServeProcess, channel: string, body: unknown) => call(node, 'POST', `/control/${channel}`, body);

/** The ids a node holds in memory: the console's list with resolved incidents is the store's in-memory set. */
async function heldIds(node: ServeProcess): Promise<Set<string>> {
  const r = await bridge(node, 'incidents:list', { includeResolved: true });
  expect(r.status).toBe(200);
  return new Set((r.body as { incidents: { incident: Incident }[] }).incidents.map((s) => s.incident.id));
}

/**
 * What a console answer says about the incident: the incident and its on-call state. The event counters and the
 * event timeline are what the node tracked, and a node keeps them for `incident_memory_max` finished incidents only.
 */
function onCall(r: Answer): unknown {
  const body = r.body as { summary?: Record<string, unknown> } & Record<string, unknown>;
  const s = body.summary ?? body;
  return { status: r.status, incident: s['incident'], acknowledgedAt: s['acknowledgedAt'], acknowledgedBy: s['acknowledgedBy'], snoozedUntil: s['snoozedUntil'] };
}

async function clusterConnected(node: ServeProcess): Promise<boolean> {
  return ((await (await fetch(`${node.url}/health`)).json()) as { cluster: { connected: boolean } }).cluster.connected;
}

beforeAll(async () => {
  nats = await startNatsServer();
  cutter = await startLinkCutter(nats.port);
  a = await startServe(['--cluster', nats.url]);
  b = await startServe(['--cluster', `nats://127.0.0.1:${cutter.port}`, '--incident-memory-max', String(MEMORY_MAX)]);
  const base = Date.now() - 3600_000;
  for (let n = 0; n < RESOLVED; n++) {
    const at = new Date(base + n * 1000).toISOString();
    resolved.push(incident({ source, title: `r${n}`, state: 'Resolved', severity: 'P2', created_at: at, updated_at: at }));
  }
  const events: IncidentEvent[] = [...resolved, active].map((i) => ({ event_type: 'incident_created', incident: i }));
  expect((await call(a, 'POST', '/v1/events', { events })).status).toBe(202);
  // B has applied the whole batch once it holds the last incident; it then holds only the newest MEMORY_MAX resolved ones.
  await step('B applies the batch', 20_000, async ({ signal }) => {
    while (!(await heldIds(b)).has(active.id)) {
      if (signal.aborted) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
}, 60_000);
afterAll(async () => {
  await Promise.all([a, b].filter(Boolean).map((n) => n.stop('SIGKILL')));
  await cutter?.close();
  await stopAllNats();
});

describe('actions on an incident evicted from a cluster node\'s memory', () => {
  it('evicts on B what A still holds', async () => {
    const [onA, onB] = [await heldIds(a), await heldIds(b)];
    for (const i of resolved) expect(onA.has(i.id)).toBe(true);
    expect(resolved.filter((i) => onB.has(i.id)).map((i) => i.title)).toEqual(['r6', 'r7']);
  });

  it('GET /v1/incidents/:id and the console\'s incidents:get answer as on A', async () => {
    const id = resolved[0]!.id;
    const rest = await call(b, 'GET', `/v1/incidents/${id}`);
    expect(rest).toEqual(await call(a, 'GET', `/v1/incidents/${id}`));
    expect(rest.body).toMatchObject({ id, title: 'r0', state: 'Resolved' });
    const onB = await bridge(b, 'incidents:get', { id: resolved[1]!.id });
    expect(onB.status).toBe(200);
    expect(onCall(onB)).toEqual(onCall(await bridge(a, 'incidents:get', { id: resolved[1]!.id })));
    expect(onB.body).toMatchObject({ summary: { incident: { id: resolved[1]!.id, title: 'r1', state: 'Resolved' } } });
  });

  it('acknowledging a resolved incident is refused with the same 409 on B as on A, over REST and from the console', async () => {
    const id = resolved[2]!.id;
    const onB = await call(b, 'POST', `/v1/incidents/${id}/acknowledge`, { actor: 'kim' });
    expect(onB).toEqual({ status: 409, body: { error: { code: 'conflict', message: 'the incident is Resolved: there is nothing to acknowledge', status: 409 } } });
    expect(await call(a, 'POST', `/v1/incidents/${id}/acknowledge`, { actor: 'kim' })).toEqual(onB);
    const fromConsole = await bridge(b, 'incidents:acknowledge', { id: resolved[3]!.id });
    expect(fromConsole).toEqual(await bridge(a, 'incidents:acknowledge', { id: resolved[3]!.id }));
    expect(fromConsole).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
  });

  it('a console assign on B publishes the incident as A would have made it: every node then holds it', async () => {
    const target = resolved[4]!;
    const twin = resolved[5]!; // assigned on A, which holds it
    const onB = await bridge(b, 'incidents:assign', { id: target.id, assignees: ['kim'] });
    const onA = await bridge(a, 'incidents:assign', { id: twin.id, assignees: ['kim'] });
    expect(onB.status).toBe(200);
    const made = (r: Answer) => {
      const i = (r.body as { incident: Incident }).incident;
      return { status: r.status, state: i.state, assignees: i.assignees, entries: (i.timeline ?? []).map((e) => [e.event_type, e.actor]) };
    };
    expect(made(onB)).toEqual(made(onA));
    expect(made(onB).entries.at(-1)?.[0]).toBe('AssignmentChanged');
    const seen = async (node: ServeProcess) => (await call(node, 'GET', `/v1/incidents/${target.id}`)).body as Incident;
    await expect.poll(async () => (await seen(a)).assignees, { timeout: 10_000 }).toEqual(['kim']);
    expect(await seen(a)).toEqual(await seen(b));
    expect(await seen(a)).toMatchObject({ title: 'r4', state: 'Resolved', created_at: target.created_at });
  });

  it('a comment on an evicted incident is answered as on A and published once', async () => {
    const id = resolved[0]!.id;
    const watcher = await TestClient.connect(`ws://127.0.0.1:${a.port}/ws`);
    await watcher.subscribe('c', { event_types: ['comment_added'] });
    // Evict it again on B: reading two other resolved incidents back pushes it out of B's two places.
    for (const other of [resolved[1]!, resolved[2]!]) expect((await call(b, 'GET', `/v1/incidents/${other.id}`)).status).toBe(200);
    expect((await heldIds(b)).has(id)).toBe(false);
    const onB = await call(b, 'POST', `/v1/incidents/${id}/comments`, { actor: 'lee', comment: 'root cause: disk' });
    expect(onB).toEqual(await call(a, 'POST', `/v1/incidents/${id}/comments`, { actor: 'lee', comment: 'root cause: disk' }));
    expect(onB.status).toBe(200);
    await expect.poll(() => watcher.events().length, { timeout: 10_000 }).toBe(2);
    expect(watcher.events().map((f) => (f.event as { incident_id: string }).incident_id)).toEqual([id, id]);
    watcher.close();
  });

  it('an id no node knows stays 404 with the same body, over REST and from the console', async () => {
    const rest = await call(b, 'POST', `/v1/incidents/${UNKNOWN}/acknowledge`, { actor: 'kim' });
    expect(rest).toEqual({ status: 404, body: { error: { code: 'not_found', message: `no incident ${UNKNOWN}`, status: 404 } } });
    expect(rest).toEqual(await call(a, 'POST', `/v1/incidents/${UNKNOWN}/acknowledge`, { actor: 'kim' }));
    expect(await call(b, 'GET', `/v1/incidents/${UNKNOWN}`)).toEqual(await call(a, 'GET', `/v1/incidents/${UNKNOWN}`));
    const fromConsole = await bridge(b, 'incidents:get', { id: UNKNOWN });
    expect(fromConsole).toEqual(await bridge(a, 'incidents:get', { id: UNKNOWN }));
    expect(fromConsole).toMatchObject({ status: 404, body: { error: { code: 'not_found', message: `no incident ${UNKNOWN}` } } });
  });

  it('cut from NATS, B answers 503 for an evicted or unknown id (it may exist) and still answers what it holds', async () => {
    const evicted = resolved[6]!.id;
    expect((await heldIds(b)).has(evicted)).toBe(false);
    cutter.cut();
    await expect.poll(() => clusterConnected(b), { timeout: 10_000 }).toBe(false);
    for (const id of [evicted, UNKNOWN]) {
      const rest = await call(b, 'GET', `/v1/incidents/${id}`);
      expect(rest.status).toBe(503);
      expect(rest.body).toMatchObject({ error: { code: 'internal_error', status: 503 } });
      expect((rest.body as { error: { message: string } }).error.message).toMatch(/not held in this server's memory and the incident store cannot be read now \(not connected to NATS\); it may exist/);
      expect((await call(b, 'POST', `/v1/incidents/${id}/acknowledge`, { actor: 'kim' })).status).toBe(503);
      expect((await call(b, 'POST', `/v1/incidents/${id}/comments`, { actor: 'kim', comment: 'x' })).status).toBe(503);
      expect(await bridge(b, 'incidents:get', { id })).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    }
    expect(await call(b, 'GET', `/v1/incidents/${active.id}`)).toMatchObject({ status: 200, body: { id: active.id, state: 'Detected' } });
    cutter.heal();
  });
});
