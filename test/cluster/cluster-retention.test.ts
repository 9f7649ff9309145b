// Replays older than a node's memory come from the stream; the stream's retention by count shows as gap: true.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/ws-client.js';
import { created, incident } from '../support/fixtures.js';
import { startNatsServer, stopAllNats, type NatsServer } from './support/nats-server.js';
import { postEvents, startClusterNode, stopAllNodes } from './support/cluster-node.js';

let nats: NatsServer;

beforeAll(async () => {
  nats = await startNatsServer();
});
afterAll(async () => {
  await stopAllNodes();
  await stopAllNats();
});

async function publishMany(url: string, src: string, count: number): Promise<string[]> {
  const r = await postEvents(url, { events: Array.from({ length: count }, (_, i) => created(incident({ source: src, title: `n${i}` }))) });
  expect(r.status).toBe(202);
  return r.body.message_ids!;
}

describe('cluster replay beyond memory and retention', () => {
  it('replays from the stream what the node no longer holds in memory, including on a node started afterwards', async () => {
    const small = { cluster_stream: 'IR_WINDOW', broadcast_capacity: 10 };
    const a = await startClusterNode(nats.url, small);
    const src = `window-${Date.now()}`;
    const ids = await publishMany(a.url, src, 700);
    const late = await startClusterNode(nats.url, small);
    for (const node of [a, late]) {
      const c = await TestClient.connect(node.wsUrl);
      await c.subscribe('w', { sources: [src] }, { resume_after: ids[0] });
      expect(await c.next((f) => f.type === 'replay_complete', 0, 30_000)).toMatchObject({ replayed: 699, gap: false });
      expect(c.events().map((e) => e.message_id)).toEqual(ids.slice(1));
      c.close();
    }
  });

  it('keeps at most journal_max_events in the stream; resuming before the retained ones reports a gap', async () => {
    const node = await startClusterNode(nats.url, { cluster_stream: 'IR_RETENTION', journal_max_events: 20, broadcast_capacity: 5 });
    const src = `retention-${Date.now()}`;
    const ids = await publishMany(node.url, src, 50);
    const c = await TestClient.connect(node.wsUrl);
    await c.subscribe('r', { sources: [src] }, { resume_after: ids[4] });
    expect(await c.next((f) => f.type === 'replay_complete', 0, 30_000)).toMatchObject({ gap: true, replayed: 20 });
    expect(c.events().map((e) => e.message_id)).toEqual(ids.slice(30));
    c.close();
  });
});
