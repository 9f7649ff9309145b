// Every client and server message type over real sockets: welcome, subscribe, unsubscribe, ping, ack, auth, event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/ws-client.js';
import { startServer, TEST_TOKEN, type Harness } from '../support/server-harness.js';
import { comment, created, incident } from '../support/fixtures.js';

let h: Harness;
const clients: TestClient[] = [];
const connect = async (opts = {}) => {
  const c = await TestClient.connect(h.wsUrl, opts);
  clients.push(c);
  return c;
};

beforeAll(async () => {
  h = await startServer({ api_tokens: [{ token: 'read-only-token-0123456789', scopes: ['subscribe'] }] });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await h.stop();
});

describe('session messages', () => {
  it('greets with welcome carrying a session id, server time and heartbeat settings', async () => {
    const c = await connect();
    const w = c.frames[0]!;
    expect(w).toMatchObject({ type: 'welcome', protocol: 'v1', heartbeat_interval_secs: 30, session_timeout_secs: 300 });
    expect(w.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(String(w.server_time))).toBeGreaterThan(0);
  });

  it('delivers a published event once per session listing every matching subscription', async () => {
    const c = await connect();
    await c.subscribe('all', {});
    await c.subscribe('p1', { severities: ['P1'] });
    await c.subscribe('p0', { severities: ['P0'] });
    const from = c.frames.length;
    const inc = incident({ severity: 'P1' });
    const r = await h.publish(created(inc));
    expect(r.status).toBe(202);
    const ev = await c.next((f) => f.type === 'event', from);
    expect(ev.subscription_ids).toEqual(['all', 'p1']);
    expect(ev.message_id).toBe((r.json as { message_ids: string[] }).message_ids[0]);
    expect((ev.event as { incident: { id: string } }).incident.id).toBe(inc.id);
    await h.publish(comment(inc.id, 'sentinel'));
    await c.next((f) => f.type === 'event' && (f.event as { comment?: string }).comment === 'sentinel', from);
    expect(c.events(from)).toHaveLength(2);
  });

  it('replaces a subscription of the same id and removes it on unsubscribe', async () => {
    const c = await connect();
    await c.subscribe('s', { sources: ['a'] });
    const re = await c.subscribe('s', { sources: ['b'] });
    expect((re.filters as { sources: string[] }).sources).toEqual(['b']);
    const un = await c.request({ type: 'unsubscribe', subscription_id: 's' }, 'unsubscribed');
    expect(un).toEqual({ type: 'unsubscribed', subscription_id: 's' });
    expect(h.server.connectionStats().active_subscriptions).toBeGreaterThanOrEqual(0);
  });

  it('answers ping with pong echoing the timestamp exactly', async () => {
    const c = await connect();
    const p = await c.request({ type: 'ping', timestamp: '2025-11-12T10:40:00.123456Z' }, 'pong');
    expect(p.timestamp).toBe('2025-11-12T10:40:00.123456Z');
    expect(typeof p.server_time).toBe('string');
  });

  it('records acks silently', async () => {
    const c = await connect();
    const from = c.frames.length;
    c.send({ type: 'ack', message_id: 'whatever-1' });
    await c.request({ type: 'ping' }, 'pong');
    expect(c.frames.slice(from).map((f) => f.type)).toEqual(['pong']);
  });

  it('replaces credentials in-band with auth, and keeps the old ones on a bad token', async () => {
    const c = await connect();
    const ok = await c.request({ type: 'auth', token: TEST_TOKEN }, 'authenticated');
    expect(ok).toMatchObject({ type: 'authenticated', expires_at: null });
    expect(ok.scopes).toEqual(expect.arrayContaining(['subscribe', 'publish']));
    const bad = await c.request({ type: 'auth', token: 'wrong-token-000000000000' }, 'authenticated');
    expect(bad).toMatchObject({ type: 'error', code: 'unauthorized' });
    await c.request({ type: 'ping' }, 'pong');
  });

  it('answers the browser subprotocol with incident-relay.v1 only, never echoing the token', async () => {
    const c = await connect({ protocols: ['incident-relay.v1', `bearer.${TEST_TOKEN}`] });
    expect(c.ws.protocol).toBe('incident-relay.v1');
  });

  it('reports guide statistics', async () => {
    const stats = h.server.connectionStats();
    expect(stats.active_connections).toBeGreaterThan(0);
    expect(h.server.eventStats().total_events).toBeGreaterThan(0);
  });
});
