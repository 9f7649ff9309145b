// The MessagePack subprotocol (PROTOCOL 1.1 §1) over real sockets: every message type, error code and close code as on JSON sessions.
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { encode } from '@msgpack/msgpack';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClient, MSGPACK_PROTOCOL } from '../support/ws-client.js';
import { startServer, TEST_TOKEN, type Harness } from '../support/server-harness.js';
import { comment, created, incident } from '../support/fixtures.js';

const servers: Harness[] = [];
const clients: TestClient[] = [];
async function server(cfg: Record<string, unknown> = {}): Promise<Harness> {
  const h = await startServer(cfg);
  servers.push(h);
  return h;
}
async function client(h: Harness, opts: Parameters<typeof TestClient.connect>[1] = {}): Promise<TestClient> {
  const c = await TestClient.connect(h.wsUrl, { msgpack: true, ...opts });
  clients.push(c);
  return c;
}
async function closes(h: Harness, code: number, reason: string): Promise<number | undefined> {
  const { values } = await h.server.metrics.serverCloses.get();
  return values.find((v) => v.labels.code === String(code) && v.labels.reason === reason)?.value;
}
async function expectError(c: TestClient, send: () => void, code: string): Promise<void> {
  const from = c.frames.length;
  send();
  const e = await c.next((f) => f.type === 'error', from);
  expect(e.code).toBe(code);
  expect(typeof e.message).toBe('string');
  await c.request({ type: 'ping' }, 'pong');
}
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const h of servers.splice(0)) await h.stop();
});

describe('MessagePack sessions: messages', () => {
  it('echoes the subprotocol (also next to bearer.<token>, never the token) and writes only binary frames', async () => {
    const h = await server({ require_auth_for_read: true });
    const c = await client(h, { protocols: [`bearer.${TEST_TOKEN}`] });
    expect(c.ws.protocol).toBe(MSGPACK_PROTOCOL);
    expect(c.frames[0]).toMatchObject({ type: 'welcome', protocol: 'v1', heartbeat_interval_secs: 30, session_timeout_secs: 300 });
    const json = await TestClient.connect(h.wsUrl, { protocols: ['incident-relay.v1', `bearer.${TEST_TOKEN}`] });
    clients.push(json);
    expect(json.ws.protocol).toBe('incident-relay.v1');
    await c.subscribe('all');
    await h.publish(created(incident()));
    await c.next((f) => f.type === 'event');
    expect(c.frames.filter((f) => f.type.startsWith('__'))).toEqual([]);
  });

  it('subscribed, event with subscription_ids, unsubscribed, pong, silent ack, authenticated', async () => {
    const h = await server({ api_tokens: [{ token: 'read-only-token-0123456789', scopes: ['subscribe'] }] });
    const c = await client(h);
    const sub = await c.subscribe('all');
    expect(sub.filters).toEqual({ event_types: [], severities: [], states: [], sources: [], affected_resources: [], labels: {}, incident_ids: [] });
    await c.subscribe('p1', { severities: ['P1'] });
    await c.subscribe('p0', { severities: ['P0'] });
    const inc = incident({ severity: 'P1', labels: { team: 'db' }, affected_resources: ['db-1'] });
    const from = c.frames.length;
    const r = await h.publish(created(inc));
    const ev = await c.next((f) => f.type === 'event', from);
    expect(ev).toMatchObject({ message_id: (r.json as { message_ids: string[] }).message_ids[0], subscription_ids: ['all', 'p1'] });
    expect((ev.event as { incident: unknown }).incident).toMatchObject({ id: inc.id, labels: { team: 'db' }, related_incidents: [], fingerprint: null });
    expect(typeof ev.timestamp).toBe('string');
    const un = await c.request({ type: 'unsubscribe', subscription_id: 'p1' }, 'unsubscribed');
    expect(un).toEqual({ type: 'unsubscribed', subscription_id: 'p1' });
    const pong = await c.request({ type: 'ping', timestamp: '2025-11-12T10:40:00.123456Z' }, 'pong');
    expect(pong.timestamp).toBe('2025-11-12T10:40:00.123456Z');
    const before = c.frames.length;
    c.send({ type: 'ack', message_id: ev.message_id });
    await c.request({ type: 'ping' }, 'pong');
    expect(c.frames.slice(before).map((f) => f.type)).toEqual(['pong']);
    const ok = await c.request({ type: 'auth', token: 'read-only-token-0123456789' }, 'authenticated');
    expect(ok).toMatchObject({ type: 'authenticated', expires_at: null, scopes: ['subscribe'] });
  });

  it('replays resume_after over MessagePack, then replay_complete; an unknown id replays with gap', async () => {
    const h = await server();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(...((await h.publish(created(incident({ title: `t${i}` })))).json as { message_ids: string[] }).message_ids);
    const c = await client(h);
    await c.subscribe('r', {}, { resume_after: ids[1] });
    const done = await c.next((f) => f.type === 'replay_complete');
    expect(done).toEqual({ type: 'replay_complete', subscription_id: 'r', replayed: 3, gap: false });
    expect(c.events().map((e) => e.message_id)).toEqual(ids.slice(2));
    await c.subscribe('g', {}, { resume_after: 'other-epoch-1' });
    const gap = await c.next((f) => f.type === 'replay_complete' && f.subscription_id === 'g');
    expect(gap).toMatchObject({ replayed: 5, gap: true });
  });

  it('a Critical event overtaking a backlog carries out_of_order, as on JSON sessions', async () => {
    const h = await server();
    const c = await client(h, { perMessageDeflate: false });
    await c.subscribe('all');
    const raw = (c.ws as unknown as { _socket: Socket })._socket;
    raw.pause();
    const big = randomBytes(12_000).toString('base64');
    const inc = incident({ severity: 'P2' });
    await h.publish(created(inc));
    let queued = 0;
    for (let round = 0; round < 200 && queued === 0; round++) {
      await h.publish({ events: Array.from({ length: 10 }, () => comment(inc.id, big)) });
      queued = [...h.server.hub.sessions][0]!.pending;
    }
    expect(queued).toBeGreaterThan(0);
    const p0 = incident({ severity: 'P0' });
    await h.publish(created(p0));
    raw.resume();
    const ev = await c.next((f) => f.type === 'event' && (f.event as { incident?: { id: string } }).incident?.id === p0.id, 0, 20_000);
    expect(ev.out_of_order).toBe(true);
  });
});

describe('MessagePack sessions: error codes', () => {
  it('invalid_json, invalid_message, unknown_message_type, unknown_subscription, unsupported_frame; the session stays', async () => {
    const h = await server();
    const c = await client(h);
    await expectError(c, () => c.ws.send(Buffer.from([0xc1]), { binary: true }), 'invalid_json');
    await expectError(c, () => c.ws.send(Buffer.concat([Buffer.from(encode({ type: 'ping' })), Buffer.from([0x01])]), { binary: true }), 'invalid_json');
    await expectError(c, () => c.send([1, 2]), 'invalid_message');
    await expectError(c, () => c.send({ type: 'subscribe', subscription_id: 'x', filters: { severities: ['P9'] } }), 'invalid_message');
    await expectError(c, () => c.send({ type: 'ping', timestamp: new Date() }), 'invalid_message');
    await expectError(c, () => c.send({ type: 'teleport' }), 'unknown_message_type');
    await expectError(c, () => c.send({ type: 'unsubscribe', subscription_id: 'x' }), 'unknown_subscription');
    await expectError(c, () => c.send('{"type":"ping"}'), 'unsupported_frame');
    let deep: unknown = 1;
    for (let i = 0; i < 80; i++) deep = [deep];
    await expectError(c, () => c.send({ type: 'ping', deep }), 'invalid_json');
  });

  it('subscription_limit, rate_limited, unauthorized and forbidden', async () => {
    const h = await server({
      max_subscriptions_per_session: 2, rate_limit_messages_per_sec: 20, rate_limit_burst: 20, rate_limit_max_violations: 1000,
      require_auth_for_read: true,
      api_tokens: [{ token: 'subscriber-token-0123456789', scopes: ['subscribe'] }, { token: 'publisher-token-0123456789', scopes: ['publish'] }],
    });
    const c = await client(h, { headers: { Authorization: 'Bearer subscriber-token-0123456789' } });
    await c.subscribe('a');
    await c.subscribe('b');
    await expectError(c, () => c.send({ type: 'subscribe', subscription_id: 'c', filters: {} }), 'subscription_limit');
    await expectError(c, () => c.send({ type: 'auth', token: 'wrong-token-000000000000' }), 'unauthorized');
    await c.request({ type: 'auth', token: 'publisher-token-0123456789' }, 'authenticated');
    await expectError(c, () => c.send({ type: 'subscribe', subscription_id: 'a', filters: {} }), 'forbidden');
    const from = c.frames.length;
    for (let i = 0; i < 60; i++) c.send({ type: 'ping' });
    expect((await c.next((f) => f.type === 'error', from)).code).toBe('rate_limited');
    await expect(TestClient.connect(h.wsUrl, { msgpack: true })).rejects.toThrow(/401/);
  });

  it('acks never count against the rate limit', async () => {
    const h = await server({ rate_limit_messages_per_sec: 5, rate_limit_burst: 5, rate_limit_max_violations: 1 });
    const c = await client(h);
    await c.subscribe('all');
    const inc = incident();
    await h.publish({ events: [created(inc), ...Array.from({ length: 99 }, () => comment(inc.id))] });
    await c.next(() => c.events().length === 100);
    for (const e of c.events()) c.send({ type: 'ack', message_id: e.message_id });
    const pong = await c.request({ type: 'ping' }, 'pong');
    expect(pong.type).toBe('pong');
  });
});

describe('MessagePack sessions: close codes', () => {
  it('1009 for a frame over max_payload_bytes, other sessions unaffected', async () => {
    const h = await server({ max_payload_bytes: 1024 });
    const victim = await client(h);
    const other = await client(h);
    victim.send({ type: 'ping', pad: 'x'.repeat(2000) });
    expect(await victim.waitClose()).toBe(1009);
    await other.request({ type: 'ping' }, 'pong');
  });

  it('1013 beyond max_connections, counted with JSON sessions', async () => {
    const h = await server({ max_connections: 1 });
    clients.push(await TestClient.connect(h.wsUrl));
    const second = await TestClient.connect(h.wsUrl, { msgpack: true }).then(() => 'welcomed', (e: Error) => e.message);
    expect(second).toMatch(/1013/);
  });

  it('closing shutdown and 1001 when the server stops', async () => {
    const h = await startServer({});
    const c = await client(h);
    const stopping = h.stop();
    expect((await c.next((f) => f.type === 'closing')).reason).toBe('shutdown');
    expect(await c.waitClose()).toBe(1001);
    await stopping;
  });

  it('closing policy_violation and 1008 on sustained rate-limit abuse', async () => {
    const h = await server({ rate_limit_messages_per_sec: 10, rate_limit_burst: 10, rate_limit_max_violations: 5 });
    const c = await client(h);
    for (let i = 0; i < 50; i++) c.send({ type: 'ping' });
    expect((await c.next((f) => f.type === 'closing')).reason).toBe('policy_violation');
    expect(await c.waitClose()).toBe(1008);
  });

  it('4000 when a session sends nothing for session_timeout_secs', async () => {
    const h = await server({ heartbeat_interval_secs: 2, session_timeout_secs: 2, cleanup_interval_secs: 1 });
    const c = await client(h, { autoPong: false });
    expect((await c.next((f) => f.type === 'closing', 0, 8000)).reason).toBe('session_timeout');
    expect(await c.waitClose()).toBe(4000);
  });

  it('closing slow_consumer and 4001 for a MessagePack reader that falls behind; a JSON reader is unaffected', async () => {
    const h = await server({ max_pending_messages: 50 });
    const slow = await client(h, { perMessageDeflate: false });
    const fast = await TestClient.connect(h.wsUrl, { perMessageDeflate: false });
    clients.push(fast);
    await slow.subscribe('all');
    await fast.subscribe('all');
    const raw = (slow.ws as unknown as { _socket: Socket })._socket;
    raw.pause();
    const big = randomBytes(15_000).toString('base64');
    for (let round = 0; round < 400; round++) {
      await h.publish({ events: Array.from({ length: 10 }, () => created(incident({ description: big }))) });
      if (h.server.connectionStats().active_connections === 1) break;
    }
    raw.resume();
    expect((await slow.next((f) => f.type === 'closing', 0, 20_000)).reason).toBe('slow_consumer');
    expect(await slow.waitClose(20_000)).toBe(4001);
    expect(await closes(h, 4001, 'slow_consumer')).toBe(1);
    const from = fast.frames.length;
    await h.publish(created(incident({ title: 'after' })));
    await fast.next((f) => f.type === 'event' && (f.event as { incident: { title: string } }).incident.title === 'after', from);
  });
});

describe('MessagePack sessions: framing once per format', () => {
  it('a mixed audience (JSON and MessagePack, with and without compression) costs one frame per format and compression', async () => {
    const h = await server();
    const audience = [
      await TestClient.connect(h.wsUrl, { perMessageDeflate: false }), await TestClient.connect(h.wsUrl, { perMessageDeflate: false }),
      await TestClient.connect(h.wsUrl), await TestClient.connect(h.wsUrl),
      await client(h, { perMessageDeflate: false }), await client(h, { perMessageDeflate: false }), await client(h), await client(h),
    ];
    clients.push(...audience.slice(0, 4));
    for (const c of audience) await c.subscribe('all');
    const inc = incident({ description: 'd'.repeat(2000) });
    await h.publish(created(inc));
    for (const c of audience) await c.next((f) => f.type === 'event');
    const events = audience.map((c) => c.events()[0]!);
    for (const e of events) expect(e).toEqual(events[0]);
    const entry = h.server.journal.readAfter(h.server.journal.firstSeq() - 1, 1)[0]!;
    const framer = h.server.hub.frames.framerFor(entry) as unknown as {
      plain: Map<string, unknown>; compressed: Map<number, Map<string, unknown>>; others: Map<string, Map<number, Map<string, unknown>>>;
    };
    expect(framer.plain.size).toBe(1);
    expect([...framer.compressed.values()].map((m) => m.size)).toEqual([1]);
    expect([...framer.others.keys()]).toEqual(['msgpack']);
    const msgpack = framer.others.get('msgpack')!;
    expect([...msgpack.keys()].sort()).toEqual([0, 15]);
    expect([...msgpack.values()].map((m) => m.size)).toEqual([1, 1]);
  });
});
