// Server-initiated closes of PROTOCOL.md section 6: 1001, 1008, 1009, 1013, 4000, 4001, and dead-peer termination.
import { afterEach, describe, expect, it } from 'vitest';
import { TestClient } from '../support/ws-client.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { created, incident } from '../support/fixtures.js';
import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';

const servers: Harness[] = [];
const clients: TestClient[] = [];
async function server(cfg: Record<string, unknown>): Promise<Harness> {
  const h = await startServer(cfg);
  servers.push(h);
  return h;
}
async function client(h: Harness, opts = {}): Promise<TestClient> {
  const c = await TestClient.connect(h.wsUrl, opts);
  clients.push(c);
  return c;
}
/** `websocket_server_closes_total{code,reason}`: undefined when the series is not exported. */
async function closes(h: Harness, code: number, reason: string): Promise<number | undefined> {
  const { values } = await h.server.metrics.serverCloses.get();
  return values.find((v) => v.labels.code === String(code) && v.labels.reason === reason)?.value;
}
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const h of servers.splice(0)) await h.stop();
});

describe('close codes', () => {
  it('exports every close kind, protocol error code and replay gap label at 0 from the start', async () => {
    const h = await server({});
    const text = await h.server.metrics.registry.metrics();
    for (const series of [
      'websocket_server_closes_total{code="4001",reason="slow_consumer"} 0', 'websocket_server_closes_total{code="4000",reason="session_timeout"} 0',
      'websocket_server_closes_total{code="1008",reason="policy_violation"} 0', 'websocket_server_closes_total{code="1009",reason="message_too_big"} 0',
      'websocket_server_closes_total{code="1013",reason="connection_limit"} 0', 'websocket_server_closes_total{code="1001",reason="shutdown"} 0',
      'incident_relay_protocol_errors_total{code="rate_limited"} 0', 'incident_relay_replays_total{gap="true"} 0',
      'incident_relay_refused_requests_total{kind="browser_safety"} 0',
    ]) expect(text).toContain(series);
  });

  it('1009 for a frame over max_payload_bytes, other sessions unaffected', async () => {
    const h = await server({ max_payload_bytes: 1024 });
    const victim = await client(h);
    const other = await client(h);
    victim.send(JSON.stringify({ type: 'ping', pad: 'x'.repeat(2000) }));
    expect(await victim.waitClose()).toBe(1009);
    expect(await closes(h, 1009, 'message_too_big')).toBe(1);
    await other.request({ type: 'ping' }, 'pong');
  });

  it('1013 beyond max_connections', async () => {
    const h = await server({ max_connections: 1 });
    await client(h);
    const second = await TestClient.connect(h.wsUrl).then(() => 'welcomed', (e: Error) => e.message);
    expect(second).toMatch(/1013/);
    expect(await closes(h, 1013, 'connection_limit')).toBe(1);
  });

  it('closing shutdown and 1001 when the server stops', async () => {
    const h = await startServer({});
    const c = await client(h);
    const stopping = h.stop();
    const closing = await c.next((f) => f.type === 'closing');
    expect(closing.reason).toBe('shutdown');
    expect(await c.waitClose()).toBe(1001);
    await stopping;
    expect(await closes(h, 1001, 'shutdown')).toBe(1);
  });

  it('closing policy_violation and 1008 on sustained rate-limit abuse', async () => {
    const h = await server({ rate_limit_messages_per_sec: 10, rate_limit_burst: 10, rate_limit_max_violations: 5 });
    const c = await client(h);
    for (let i = 0; i < 50; i++) c.send({ type: 'ping' });
    const closing = await c.next((f) => f.type === 'closing');
    expect(closing.reason).toBe('policy_violation');
    expect(await c.waitClose()).toBe(1008);
    expect(await closes(h, 1008, 'policy_violation')).toBe(1);
    expect(await closes(h, 4001, 'slow_consumer')).toBe(0);
  });

  it('4000 when a session sends nothing (not even pongs) for session_timeout_secs', async () => {
    const h = await server({ heartbeat_interval_secs: 2, session_timeout_secs: 2, cleanup_interval_secs: 1 });
    const c = await client(h, { autoPong: false });
    const closing = await c.next((f) => f.type === 'closing', 0, 8000);
    expect(closing.reason).toBe('session_timeout');
    expect(await c.waitClose()).toBe(4000);
    expect(await closes(h, 4000, 'session_timeout')).toBe(1);
  });

  it('terminates a peer that answers no ping for two heartbeat intervals', async () => {
    const h = await server({ heartbeat_interval_secs: 1, session_timeout_secs: 300 });
    const c = await client(h, { autoPong: false });
    const code = await c.waitClose(8000);
    expect(code).toBe(1006);
    expect(c.frames.some((f) => f.type === 'closing')).toBe(false);
  });

  it('keeps a peer that answers pings alive past two intervals', async () => {
    const h = await server({ heartbeat_interval_secs: 1, session_timeout_secs: 300 });
    const c = await client(h);
    await new Promise((r) => setTimeout(r, 3500));
    await c.request({ type: 'ping' }, 'pong');
  });

  it('closing slow_consumer and 4001 when a reader falls max_pending_messages behind', async () => {
    const h = await server({ max_pending_messages: 50 });
    const slow = await client(h, { perMessageDeflate: false });
    const fast = await client(h, { perMessageDeflate: false });
    await slow.subscribe('all');
    await fast.subscribe('all');
    const raw = (slow.ws as unknown as { _socket: Socket })._socket;
    raw.pause();
    const big = randomBytes(15_000).toString('base64');
    let fastFrom = fast.frames.length;
    for (let round = 0; round < 400; round++) {
      const events = Array.from({ length: 10 }, () => created(incident({ description: big })));
      expect((await h.publish({ events })).status).toBe(202);
      if (h.server.connectionStats().active_connections === 1) break;
    }
    raw.resume();
    const closing = await slow.next((f) => f.type === 'closing', 0, 20_000);
    expect(closing.reason).toBe('slow_consumer');
    expect(await slow.waitClose(20_000)).toBe(4001);
    expect(await closes(h, 4001, 'slow_consumer')).toBe(1);
    expect(await closes(h, 1008, 'policy_violation')).toBe(0);
    const last = await fast.next((f) => f.type === 'event', fastFrom);
    expect(last).toBeTruthy();
    fastFrom = fast.frames.length;
    await h.publish(created(incident({ title: 'after' })));
    await fast.next((f) => f.type === 'event' && (f.event as { incident: { title: string } }).incident.title === 'after', fastFrom);
  });
});
