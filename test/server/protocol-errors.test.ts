// Every error code of PROTOCOL.md section 6 that a session can provoke; the session stays usable after each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/ws-client.js';
import { startServer, type Harness } from '../support/server-harness.js';

let h: Harness;
let strict: Harness;
const clients: TestClient[] = [];

beforeAll(async () => {
  h = await startServer({ max_subscriptions_per_session: 3, rate_limit_messages_per_sec: 20, rate_limit_burst: 20, rate_limit_max_violations: 1000 });
  strict = await startServer({
    require_auth_for_read: true,
    api_tokens: [{ token: 'subscriber-token-0123456789', scopes: ['subscribe'] }, { token: 'publisher-token-0123456789', scopes: ['publish'] }],
  });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await h.stop();
  await strict.stop();
});

async function expectError(c: TestClient, msg: unknown, code: string): Promise<void> {
  const from = c.frames.length;
  c.send(msg);
  const e = await c.next((f) => f.type === 'error', from);
  expect(e.code).toBe(code);
  expect(typeof e.message).toBe('string');
  await c.request({ type: 'ping' }, 'pong');
}

describe('error codes', () => {
  it('invalid_json, invalid_message, unknown_message_type, unknown_subscription', async () => {
    const c = await TestClient.connect(h.wsUrl);
    clients.push(c);
    await expectError(c, '{"type":', 'invalid_json');
    await expectError(c, '[1,2]', 'invalid_message');
    await expectError(c, { type: 'subscribe', subscription_id: 'x', filters: { severities: ['P9'] } }, 'invalid_message');
    await expectError(c, { type: 'subscribe', subscription_id: 'x', filters: 'all' }, 'invalid_message');
    await expectError(c, { type: 'teleport' }, 'unknown_message_type');
    await expectError(c, { type: 'unsubscribe', subscription_id: 'x' }, 'unknown_subscription');
  });

  it('names the offending field of an invalid filter', async () => {
    const c = await TestClient.connect(h.wsUrl);
    clients.push(c);
    const e = await c.request({ type: 'subscribe', subscription_id: 'x', filters: { states: ['Open'] } }, 'subscribed');
    expect(e.message).toMatch(/filters\.states\.0/);
    expect(e.ref).toBe('x');
  });

  it('subscription_limit beyond max_subscriptions_per_session, replacing at the limit still works', async () => {
    const c = await TestClient.connect(h.wsUrl);
    clients.push(c);
    for (const id of ['a', 'b', 'c']) await c.subscribe(id);
    await expectError(c, { type: 'subscribe', subscription_id: 'd', filters: {} }, 'subscription_limit');
    await c.subscribe('a', { severities: ['P0'] });
  });

  it('unsupported_frame for binary frames', async () => {
    const c = await TestClient.connect(h.wsUrl);
    clients.push(c);
    const from = c.frames.length;
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await c.next((f) => f.type === 'error', from)).code).toBe('unsupported_frame');
  });

  it('rate_limited when a session sends faster than its bucket refills', async () => {
    const c = await TestClient.connect(h.wsUrl);
    clients.push(c);
    const from = c.frames.length;
    for (let i = 0; i < 60; i++) c.send({ type: 'ping' });
    const e = await c.next((f) => f.type === 'error', from);
    expect(e.code).toBe('rate_limited');
  });

  it('forbidden for a subscribe without the subscribe scope when reads need auth', async () => {
    const c = await TestClient.connect(strict.wsUrl, { headers: { Authorization: 'Bearer subscriber-token-0123456789' } });
    clients.push(c);
    await c.subscribe('ok');
    await c.request({ type: 'auth', token: 'publisher-token-0123456789' }, 'authenticated');
    await expectError(c, { type: 'subscribe', subscription_id: 'no', filters: {} }, 'forbidden');
  });

  it('unauthorized upgrade without a token when reads need auth', async () => {
    await expect(TestClient.connect(strict.wsUrl)).rejects.toThrow(/401/);
  });
});
