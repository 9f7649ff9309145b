// A node that loses NATS: publishes answer 503, health and metrics say so, replays from memory go on, and it recovers alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/ws-client.js';
import { created, incident } from '../support/fixtures.js';
import { restartNatsServer, startNatsServer, stopAllNats, type NatsServer } from './support/nats-server.js';
import { postEvents, startClusterNode, stopAllNodes, type ClusterNode } from './support/cluster-node.js';

let nats: NatsServer;
let node: ClusterNode;

beforeAll(async () => {
  nats = await startNatsServer();
  node = await startClusterNode(nats.url);
});
afterAll(async () => {
  await stopAllNodes();
  await stopAllNats();
});

async function clusterHealth(): Promise<{ connected: boolean }> {
  const body = (await (await fetch(`${node.url}/health`)).json()) as { cluster: { connected: boolean } };
  return body.cluster;
}

describe('a node that loses NATS', () => {
  it('refuses publishes with 503, keeps replaying what it holds, and reconnects on its own', async () => {
    const src = `outage-${Date.now()}`;
    const before = await postEvents(node.url, { events: [1, 2, 3].map((k) => created(incident({ source: src, title: `kept ${k}` }))) });
    expect(before.status).toBe(202);
    const live = await TestClient.connect(node.wsUrl);
    await live.subscribe('live', { sources: [src] });

    await nats.kill('SIGKILL');
    await expect.poll(() => node.cluster.journal.available(), { timeout: 10_000 }).toBe(false);
    const refused = await postEvents(node.url, created(incident({ source: src, title: 'refused' })));
    expect(refused.status).toBe(503);
    expect(refused.body.error?.message).toMatch(/cluster journal unavailable/);
    expect((await clusterHealth()).connected).toBe(false);
    expect((await fetch(`${node.url}/health/ready`)).status).toBe(503);
    expect(await (await fetch(`${node.url}/metrics`)).text()).toMatch(/^incident_relay_cluster_connected 0$/m);

    // Replays from what the node holds in memory still work without NATS.
    const c = await TestClient.connect(node.wsUrl);
    await c.subscribe('r', { sources: [src] }, { resume_after: before.body.message_ids![0] });
    expect(await c.next((f) => f.type === 'replay_complete', 0, 10_000)).toMatchObject({ replayed: 2, gap: false });
    expect(c.events().map((e) => e.message_id)).toEqual(before.body.message_ids!.slice(1));
    c.close();

    nats = await restartNatsServer(nats);
    await expect.poll(() => node.cluster.journal.available(), { timeout: 20_000 }).toBe(true);
    expect((await clusterHealth()).connected).toBe(true);
    expect((await fetch(`${node.url}/health/ready`)).status).toBe(200);
    // The first publishes after the reconnect may still meet JetStream starting up: retry like a client would.
    let after: Awaited<ReturnType<typeof postEvents>> | undefined;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      after = await postEvents(node.url, created(incident({ source: src, title: 'after' })));
      if (after.status === 202) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(after?.status).toBe(202);
    const id = after!.body.message_ids![0];
    // The message id continues the same stream (same identity) after the restart.
    expect(id!.split('-')[0]).toBe(before.body.message_ids![0]!.split('-')[0]);
    const got = await live.next((f) => f.type === 'event' && f.message_id === id, 0, 20_000);
    expect((got.event as { incident: { title: string } }).incident.title).toBe('after');
    expect(live.events().map((e) => (e.event as { incident: { title: string } }).incident.title)).not.toContain('refused');
    live.close();
  }, 90_000);
});
