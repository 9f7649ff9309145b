// A burst or replay page larger than the socket high-water mark: frames that overflow the batch must still go out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/ws-client.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { created, incident } from '../support/fixtures.js';

let h: Harness;
beforeAll(async () => {
  h = await startServer({ broadcast_capacity: 5000, max_pending_messages: 5000 });
});
afterAll(async () => {
  await h.stop();
});

const big = () => created(incident({ description: 'x'.repeat(1500) }));

describe('batches larger than the socket high-water mark', () => {
  it('delivers every event of a live burst of about 700 KB to one session', async () => {
    const c = await TestClient.connect(h.wsUrl, { perMessageDeflate: false });
    await c.subscribe('all');
    const from = c.frames.length;
    const r = await h.publish({ events: Array.from({ length: 450 }, big) });
    const ids = (r.json as { message_ids: string[] }).message_ids;
    await c.next((f) => f.type === 'event' && f.message_id === ids[ids.length - 1], from, 10_000);
    expect(c.events(from).map((e) => e.message_id)).toEqual(ids);
    await c.request({ type: 'ping', timestamp: 'after-burst' }, 'pong');
    c.close();
  });

  it('answers pings and completes two replays of several pages each', async () => {
    const r = await h.publish(big());
    const first = (r.json as { message_ids: string[] }).message_ids[0];
    for (let k = 0; k < 3; k++) await h.publish({ events: Array.from({ length: 400 }, big) });
    const c = await TestClient.connect(h.wsUrl, { perMessageDeflate: false });
    const from = c.frames.length;
    c.send({ type: 'subscribe', subscription_id: 'a', filters: {}, resume_after: first });
    c.send({ type: 'ping', timestamp: 'P1' });
    c.send({ type: 'subscribe', subscription_id: 'b', filters: {}, resume_after: first });
    await c.next((f) => f.type === 'replay_complete' && f.subscription_id === 'b', from, 20_000);
    await c.next((f) => f.type === 'replay_complete' && f.subscription_id === 'a', from, 20_000);
    expect(c.frames.some((f) => f.type === 'pong' && f.timestamp === 'P1')).toBe(true);
    c.close();
  });
});
