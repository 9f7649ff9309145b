// A replay runs at most two windows (64 KiB or 64 frames each) ahead of the client's pongs, so a P0 written during it
// waits behind at most that much, also when frames are small (a client pays per message as much as per byte).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLAY_WINDOW_FRAMES } from '../../src-main/server/hub/replay-pacing.js';
import { TestClient } from '../support/ws-client.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { created, incident } from '../support/fixtures.js';

let h: Harness;
beforeAll(async () => {
  h = await startServer({ broadcast_capacity: 10_000 });
});
afterAll(async () => {
  await h.stop();
});

/** Publishes `count` small (~500-byte frame) P3 events of `source`, 100 per request; their ids in order. */
async function publishSmall(source: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let k = 0; k < count; k += 100) {
    const events = Array.from({ length: Math.min(100, count - k) }, (_, i) => created(incident({ source, severity: 'P3', title: `small ${k + i}` })));
    const r = await h.publish({ events });
    expect(r.status).toBe(202);
    ids.push(...(r.json as { message_ids: string[] }).message_ids);
  }
  return ids;
}

describe('replay pacing', () => {
  it('sends at most two windows of frames before the client answers a ping, then all of them once it does', async () => {
    const source = `paced-${Date.now()}`;
    const ids = await publishSmall(source, 1000);
    // The client reads everything but answers no ping until told to: the server may only run two windows ahead.
    const client = await TestClient.connect(h.wsUrl, { perMessageDeflate: false, autoPong: false });
    const eventsAtPing: number[] = [];
    client.ws.on('ping', () => eventsAtPing.push(client.events().length));
    client.send({ type: 'subscribe', subscription_id: 'r', filters: { sources: [source] }, resume_after: ids[0] });
    await client.next((f) => f.type === 'event', 0, 10_000);
    for (let tries = 0; eventsAtPing.length < 2; tries++) {
      if (tries > 2000) throw new Error('no second ping');
      await new Promise((r) => setTimeout(r, 5));
    }
    const small = Buffer.byteLength(JSON.stringify(client.events()[0])) < 1024;
    expect(small).toBe(true);
    expect(eventsAtPing.slice(0, 2)).toEqual([REPLAY_WINDOW_FRAMES, 2 * REPLAY_WINDOW_FRAMES]);
    // Pongs flow again: the replay goes on to the end, every id once, in order.
    client.ws.on('ping', (data: Buffer) => client.ws.pong(data));
    client.ws.pong();
    client.ws.pong();
    await client.next((f) => f.type === 'replay_complete', 0, 30_000);
    expect(client.events().map((e) => e.message_id)).toEqual(ids.slice(1));
    client.close();
  });
});
