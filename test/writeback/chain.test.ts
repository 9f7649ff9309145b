// Write-back through a chain of real servers (central ← laptop ← laptop2): acknowledge at the edge reaches the owner first.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { incident, created } from '../support/fixtures.js';
import { OUTBOX_FILE } from '../../src-main/app/writeback/outbox.js';
import { freePort, openNode, relayReady, removeDir, tempDir, waitFor, type Node } from './writeback-harness.js';

const open: Node[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const n of open.splice(0).reverse()) await n.close().catch(() => undefined);
  for (const d of dirs.splice(0)) removeDir(d);
});

async function node(name: string, upstream?: Node, token?: string, port = 0, dir = tempDir(name)): Promise<Node> {
  if (!dirs.includes(dir)) dirs.push(dir);
  const n = await openNode(dir, upstream ? { upstreams: [{ name: 'up', url: upstream.wsUrl, token: token ?? upstream.token }] } : {}, port);
  open.push(n);
  return n;
}

type Entry = { event_type: string; actor: string; metadata: Record<string, string> };
const acks = (i: { timeline?: unknown[] | null } | undefined) => ((i?.timeline ?? []) as Entry[]).filter((e) => e.metadata?.['action'] === 'acknowledge');

async function publishP0(central: Node) {
  const i = incident({ severity: 'P0', source: 'central', state: 'Detected', assignees: [] });
  const r = await central.request('POST', '/v1/events', created(i));
  expect(r.status).toBe(202);
  return i;
}

describe('write-back to the owner', () => {
  it('an acknowledge on the second laptop is applied on the central server first, then flows back to every laptop', async () => {
    const central = await node('central');
    const laptop = await node('laptop', central);
    const laptop2 = await node('laptop2', laptop);
    await relayReady(laptop);
    await relayReady(laptop2);
    const i = await publishP0(central);
    await waitFor(() => laptop2.incident(i.id) !== undefined, 'the incident on laptop2');

    const r = await laptop2.request('POST', `/v1/incidents/${i.id}/acknowledge`, { actor: 'ana' });
    expect([r.status, r.json.state]).toEqual([200, 'Triaged']);
    // The owner changed it, with the actor; laptops hold the owner's version (relayed), not a local copy.
    expect(central.incident(i.id)!.state).toBe('Triaged');
    expect(acks(central.incident(i.id)).map((e) => e.actor)).toEqual(['ana']);
    for (const n of [laptop, laptop2]) await waitFor(() => n.incident(i.id)?.state === 'Triaged', 'Triaged relayed down');
    expect(acks(laptop2.incident(i.id)).map((e) => e.actor)).toEqual(['ana']);
    // Acknowledging again anywhere publishes nothing new at the owner.
    expect((await laptop.request('POST', `/v1/incidents/${i.id}/acknowledge`, { actor: 'bo' })).status).toBe(200);
    expect(acks(central.incident(i.id))).toHaveLength(1);
  });

  it("the console's Acknowledge on a laptop goes to the owner too, and a refusal is the console's error", async () => {
    const central = await node('central');
    const dir = tempDir('laptop');
    dirs.push(dir);
    const laptop = await openNode(dir, { upstreams: [{ name: 'up', url: central.wsUrl, token: central.token }] }, 0, true);
    open.push(laptop);
    await relayReady(laptop);
    const i = await publishP0(central);
    await waitFor(() => laptop.incident(i.id) !== undefined, 'the incident on the laptop');
    const handlers = laptop.relay.control!.service.handlers;
    const summary = await handlers['incidents:acknowledge']({ id: i.id });
    expect(summary.acknowledgedBy).toEqual(expect.any(String));
    expect(central.incident(i.id)!.state).toBe('Triaged');
    expect(acks(central.incident(i.id)).map((e) => e.actor)).toEqual([summary.acknowledgedBy]);
    await waitFor(() => laptop.incident(i.id)?.state === 'Triaged', 'Triaged relayed to the laptop');

    // Who is on it, team-wide: an acknowledge made on central by someone else shows on the laptop's board.
    const other = await publishP0(central);
    await waitFor(() => laptop.incident(other.id) !== undefined, 'the second incident on the laptop');
    expect((await central.request('POST', `/v1/incidents/${other.id}/acknowledge`, { actor: 'cy' })).status).toBe(200);
    await waitFor(() => laptop.incident(other.id)?.state === 'Triaged', 'the second Triaged on the laptop');
    const seen = await handlers['incidents:get']({ id: other.id });
    expect(seen.summary).toMatchObject({ acknowledgedBy: 'cy', acknowledgedAt: expect.any(String) });
  });

  it('an upstream that refuses (403) leaves every copy unchanged and the answer says why', async () => {
    const reader = 'reader-only-token-0123456789abcdef';
    const dir = tempDir('central');
    dirs.push(dir);
    // The laptop's token for central may subscribe but not respond.
    const strict = await openNode(dir, { api_tokens: [{ token: reader, scopes: ['subscribe'] }] });
    open.push(strict);
    const laptop = await node('laptop', strict, reader);
    await relayReady(laptop);
    const i = await publishP0(strict);
    await waitFor(() => laptop.incident(i.id) !== undefined, 'the incident on the laptop');

    const r = await laptop.request('POST', `/v1/incidents/${i.id}/acknowledge`, { actor: 'ana' });
    expect(r.status).toBe(409);
    expect(r.json.error.message).toMatch(/upstream "up" refused it \(HTTP 403 forbidden: the "respond" scope is required\)/);
    expect(laptop.incident(i.id)!.state).toBe('Detected');
    expect(strict.incident(i.id)!.state).toBe('Detected');
    expect(laptop.relay.writeback.outbox()).toEqual([]);
  });

  it('while the owner is down the action waits in the outbox, survives a laptop restart and is applied once when it returns', async () => {
    const centralDir = tempDir('central');
    dirs.push(centralDir);
    const port = await freePort();
    let central = await openNode(centralDir, {}, port);
    open.push(central);
    const laptopDir = tempDir('laptop');
    let laptop = await node('laptop', central, undefined, 0, laptopDir);
    await relayReady(laptop);
    const i = await publishP0(central);
    await waitFor(() => laptop.incident(i.id) !== undefined, 'the incident on the laptop');

    await central.close();
    open.splice(open.indexOf(central), 1);
    const r = await laptop.request('POST', `/v1/incidents/${i.id}/acknowledge`, { actor: 'ana' });
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({ state: 'Detected', pending: { reason: expect.stringMatching(/upstream "up" is unreachable/), retryAt: expect.any(String) } });
    expect(laptop.incident(i.id)!.state).toBe('Detected');
    expect(laptop.relay.writeback.outbox()).toMatchObject([{ incident_id: i.id, upstream: 'up', status: 'pending', action: { action: 'acknowledge', input: { actor: 'ana' } } }]);

    await laptop.close();
    open.splice(open.indexOf(laptop), 1);
    expect(existsSync(join(laptopDir, OUTBOX_FILE))).toBe(true);
    expect(readFileSync(join(laptopDir, OUTBOX_FILE), 'utf8')).toContain(i.id);
    laptop = await node('laptop', central, central.token, 0, laptopDir);
    expect(laptop.relay.writeback.outbox()).toMatchObject([{ incident_id: i.id, status: 'pending' }]);
    expect((await laptop.request('GET', '/health')).json.writeback).toMatchObject({ pending: 1, next_retry_at: expect.any(String), dropped: [] });

    central = await openNode(centralDir, {}, port);
    open.push(central);
    // The relay reconnects with its own backoff (up to 30 s between attempts); the outbox is sent once it is connected.
    await waitFor(() => central.incident(i.id)?.state === 'Triaged', 'the acknowledge applied on central', 60_000);
    await waitFor(() => laptop.incident(i.id)?.state === 'Triaged', 'Triaged relayed to the laptop');
    await waitFor(() => laptop.relay.writeback.outbox().length === 0, 'the outbox emptied');
    await laptop.relay.writeback.flush();
    expect(acks(central.incident(i.id)).map((e) => e.actor)).toEqual(['ana']);
  });

  it('a pending action is dropped with a visible reason when the incident was resolved meanwhile', async () => {
    const centralDir = tempDir('central');
    dirs.push(centralDir);
    const port = await freePort();
    let central = await openNode(centralDir, {}, port);
    open.push(central);
    const laptop = await node('laptop', central);
    await relayReady(laptop);
    const i = await publishP0(central);
    await waitFor(() => laptop.incident(i.id) !== undefined, 'the incident on the laptop');
    await central.close();
    open.splice(open.indexOf(central), 1);
    expect((await laptop.request('POST', `/v1/incidents/${i.id}/acknowledge`, { actor: 'ana' })).status).toBe(202);

    // Someone resolves it on central while the laptop cannot reach it (central briefly up on another port).
    const elsewhere = await openNode(centralDir, {}, 0);
    expect((await elsewhere.request('POST', `/v1/incidents/${i.id}/resolve`, { resolved_by: 'cy', notes: 'fixed' })).status).toBe(200);
    await elsewhere.close();
    central = await openNode(centralDir, {}, port);
    open.push(central);

    await waitFor(() => laptop.relay.writeback.outbox().some((e) => e.status === 'dropped'), 'the action dropped', 60_000);
    expect(laptop.relay.writeback.outbox()).toEqual([expect.objectContaining({
      incident_id: i.id, status: 'dropped', reason: expect.stringMatching(/resolved/i),
    })]);
    expect(central.incident(i.id)!.state).toBe('Resolved');
    expect(acks(central.incident(i.id))).toEqual([]);
  });
});
