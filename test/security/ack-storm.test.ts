// Acks during an event storm (PROTOCOL 1.1 section 3): acking every event is never rate limited or closed.
import { afterEach, describe, expect, it } from 'vitest';
import { system } from '../support/fixtures.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { TestClient } from '../support/ws-client.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const BURST = 5000;
const PUBLISH_BATCH = 1000;

describe('acks in a storm', () => {
  it('a subscriber acking each of a 5,000-event burst receives all 5,000, with no rate_limited and no close', async () => {
    // Default rate limits; a large queue bound only so that a busy test machine cannot turn this into a slow-consumer test.
    h = await startServer({ max_pending_messages: 50_000 });
    const c = await TestClient.connect(h.wsUrl);
    let received = 0;
    let ended: () => void = () => undefined;
    const allReceivedOrClosed = new Promise<void>((resolve) => { ended = resolve; });
    c.ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as { type: string; message_id?: string };
      if (f.type !== 'event') return;
      c.send({ type: 'ack', message_id: f.message_id });
      if (++received === BURST) ended();
    });
    c.ws.on('close', () => ended());
    await c.subscribe('storm', { event_types: ['system_event'] });
    for (let i = 0; i < BURST; i += PUBLISH_BATCH) {
      const events = Array.from({ length: PUBLISH_BATCH }, (_, k) => system(`storm ${i + k}`));
      expect((await h.publish({ events })).status).toBe(202);
    }
    await allReceivedOrClosed;
    const pong = await c.request({ type: 'ping', timestamp: 'after-storm' }, 'pong');
    expect(pong['timestamp']).toBe('after-storm');
    expect(c.events()).toHaveLength(BURST);
    expect(c.frames.filter((f) => f.type === 'error' || f.type === 'closing')).toEqual([]);
    expect(c.closeCode).toBeUndefined();
    c.close();
  }, 90_000);

  it('acks beyond the events a session received are ordinary messages: a flood of them is still rate limited', async () => {
    h = await startServer({ rate_limit_messages_per_sec: 20, rate_limit_burst: 20 });
    const c = await TestClient.connect(h.wsUrl);
    for (let i = 0; i < 200; i++) c.send({ type: 'ack', message_id: `never-sent-${i}` });
    const refused = await c.next((f) => f.type === 'error');
    expect(refused['code']).toBe('rate_limited');
    c.close();
  });
});
