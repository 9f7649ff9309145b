// Size limits at the wire: publish batches (1..1000), filter sizes (100 values, 50 labels, 256 characters) and a
// configured HTTP body limit (declared or chunked); at the limit accepted, one past it refused with nothing changed.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILTER_LIMITS, PUBLISH_BATCH_MAX } from '../../src-shared/protocol/index.js';
import { created, incident } from '../support/fixtures.js';
import { startServer, TEST_TOKEN, type Harness } from '../support/server-harness.js';
import { TestClient } from '../support/ws-client.js';

const BODY_LIMIT = 256 * 1024;
let h: Harness;

beforeAll(async () => {
  h = await startServer({ max_http_body_bytes: BODY_LIMIT, broadcast_capacity: 4000 });
});
afterAll(async () => h?.stop());

describe('publish batch limit', () => {
  it(`accepts ${PUBLISH_BATCH_MAX} events in one batch and refuses ${PUBLISH_BATCH_MAX + 1} with 400, publishing none of them`, async () => {
    const small = () => created(incident({ title: 't', description: '' }));
    const big = { events: Array.from({ length: PUBLISH_BATCH_MAX + 1 }, small) };
    expect(Buffer.byteLength(JSON.stringify(big))).toBeLessThan(BODY_LIMIT * 4);
    const h2 = await startServer({});
    try {
      const before = h2.server.eventStats().total_events;
      const refused = await h2.publish(big);
      expect(refused.status).toBe(400);
      expect((refused.json as { error: { code: string } }).error.code).toBe('invalid_message');
      expect(h2.server.eventStats().total_events).toBe(before);
      const ok = await h2.publish({ events: big.events.slice(0, PUBLISH_BATCH_MAX) });
      expect(ok.status).toBe(202);
      expect((ok.json as { message_ids: string[] }).message_ids).toHaveLength(PUBLISH_BATCH_MAX);
    } finally {
      await h2.stop();
    }
  });
});

describe('filter size limits', () => {
  const many = (n: number, len = 8) => Array.from({ length: n }, (_, i) => `s${String(i).padStart(len - 1, '0')}`);
  const labels = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
  const CASES = [
    { name: 'sources', atLimit: { sources: many(FILTER_LIMITS.maxValues) }, over: { sources: many(FILTER_LIMITS.maxValues + 1) } },
    { name: 'affected_resources', atLimit: { affected_resources: many(FILTER_LIMITS.maxValues) }, over: { affected_resources: many(FILTER_LIMITS.maxValues + 1) } },
    { name: 'labels', atLimit: { labels: labels(FILTER_LIMITS.maxLabels) }, over: { labels: labels(FILTER_LIMITS.maxLabels + 1) } },
    { name: 'string length', atLimit: { sources: ['x'.repeat(FILTER_LIMITS.maxStringLength)] }, over: { sources: ['x'.repeat(FILTER_LIMITS.maxStringLength + 1)] } },
    { name: 'label value length', atLimit: { labels: { k: 'v'.repeat(FILTER_LIMITS.maxStringLength) } }, over: { labels: { k: 'v'.repeat(FILTER_LIMITS.maxStringLength + 1) } } },
  ];

  it.each(CASES)('$name: at the limit subscribes; one over is invalid_message and leaves the previous subscription as it was', async ({ atLimit, over }) => {
    const c = await TestClient.connect(h.wsUrl);
    try {
      const ok = await c.request({ type: 'subscribe', subscription_id: 's', filters: atLimit }, 'subscribed');
      expect(ok.type).toBe('subscribed');
      const refused = await c.request({ type: 'subscribe', subscription_id: 's', filters: over }, 'subscribed');
      expect(refused).toMatchObject({ type: 'error', code: 'invalid_message', ref: 's' });
      const fresh = await c.request({ type: 'subscribe', subscription_id: 'other', filters: over }, 'subscribed');
      expect(fresh).toMatchObject({ type: 'error', code: 'invalid_message' });
      expect((await c.request({ type: 'unsubscribe', subscription_id: 's' }, 'unsubscribed')).type).toBe('unsubscribed');
      expect(await c.request({ type: 'unsubscribe', subscription_id: 'other' }, 'unsubscribed')).toMatchObject({ type: 'error', code: 'unknown_subscription' });
    } finally {
      c.close();
    }
  });
});

/** Sends a POST whose body arrives in chunks (no Content-Length); resolves with the status line's code. */
function chunkedPost(port: number, total: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${TEST_TOKEN}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < total && socket.writable) {
          sent += chunk.length;
          if (!socket.write(`${chunk.length.toString(16)}\r\n${chunk.toString()}\r\n`)) return void socket.once('drain', pump);
        }
        if (socket.writable) socket.write('0\r\n\r\n');
      };
      pump();
    });
    let text = '';
    socket.on('data', (d) => {
      text += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (m) {
        socket.destroy();
        resolve(Number(m[1]));
      }
    });
    socket.on('error', (err) => (text ? undefined : reject(err)));
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)));
  });
}

describe('max_http_body_bytes (configured lower than the 1 MiB default)', () => {
  it('refuses a declared body over the limit with 413 and a chunked one over it too, publishing nothing', async () => {
    const port = Number(new URL(h.url).port);
    const before = h.server.eventStats().total_events;
    const declared = await h.publish(created(incident({ description: 'x'.repeat(BODY_LIMIT) })));
    expect(declared.status).toBe(413);
    expect(await chunkedPost(port, BODY_LIMIT * 8)).toBe(413);
    expect(h.server.eventStats().total_events).toBe(before);
    expect((await h.publish(created(incident({ description: 'x'.repeat(BODY_LIMIT / 2) })))).status).toBe(202);
  });
});
