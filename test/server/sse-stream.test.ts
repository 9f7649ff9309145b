// Server-Sent Events on GET /v1/stream (PROTOCOL 1.1 §1) read by `curl -N` and raw sockets: filters, 400s, id/resume, heartbeat, slow reader, limits, metrics.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type Harness } from '../support/server-harness.js';
import { comment, created, incident, system } from '../support/fixtures.js';
import { curlStream, rawStream, type SseReader } from '../support/sse-client.js';
import { TestClient } from '../support/ws-client.js';

const servers: Harness[] = [];
const stops: (() => void)[] = [];
async function server(cfg: Record<string, unknown> = {}): Promise<Harness> {
  const h = await startServer(cfg);
  servers.push(h);
  return h;
}
function curl(url: string, headers: Record<string, string> = {}): SseReader {
  const c = curlStream(url, headers);
  stops.push(() => c.child.kill('SIGKILL'));
  return c.reader;
}
const ids = (r: { json: unknown }) => (r.json as { message_ids: string[] }).message_ids;
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  for (const h of servers.splice(0)) await h.stop();
});

describe('SSE stream', () => {
  it('streams matching events with id: = message_id and the /ws event message as data; filters as query parameters', async () => {
    const h = await server();
    const all = curl(`${h.url}/v1/stream`);
    const p1db = curl(`${h.url}/v1/stream?severities=P0,P1&labels=team:db&event_types=incident_created&subscription_id=mine`);
    await all.next((m) => m.event === 'subscribed');
    const sub = JSON.parse((await p1db.next((m) => m.event === 'subscribed')).data) as { subscription_id: string; filters: unknown };
    expect(sub).toMatchObject({ subscription_id: 'mine', filters: { severities: ['P0', 'P1'], labels: { team: 'db' }, event_types: ['incident_created'] } });
    const match = incident({ severity: 'P1', labels: { team: 'db' } });
    const r = await h.publish({ events: [created(incident({ severity: 'P1', labels: { team: 'web' } })), created(match), comment(match.id, 'c'), system('s')] });
    const [, matchId, , lastId] = ids(r);
    await all.next((m) => m.id === lastId);
    const got = await p1db.next((m) => m.event === 'event');
    expect(got.id).toBe(matchId);
    const data = JSON.parse(got.data) as Record<string, unknown>;
    expect(data).toMatchObject({ type: 'event', message_id: matchId, subscription_ids: ['mine'] });
    expect((data.event as { incident: { id: string } }).incident.id).toBe(match.id);
    expect(all.events().map((e) => e.message_id)).toEqual(ids(r));
    await h.publish(created(incident({ severity: 'P0', labels: { team: 'db' }, title: 'sentinel' })));
    await p1db.next((m) => m.data.includes('sentinel'));
    expect(p1db.events()).toHaveLength(2);
  });

  it('refuses bad input with 400 invalid_message before any stream starts, and changes nothing', async () => {
    const h = await server();
    for (const [query, pattern] of [
      ['severities=P9', /severities\.0/], ['severity=P0', /unknown parameter "severity"/], ['labels=team', /KEY:VALUE/],
      ['states=Open', /states\.0/], ['incident_ids=nope', /incident_ids\.0/], [`subscription_id=${'x'.repeat(200)}`, /subscription_id/],
    ] as const) {
      const res = await fetch(`${h.url}/v1/stream?${query}`, { headers: { Accept: 'text/event-stream' } });
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      const body = await res.json() as { error: { code: string; message: string; status: number } };
      expect(body.error.code).toBe('invalid_message');
      expect(body.error.message).toMatch(pattern);
    }
    const res = await fetch(`${h.url}/v1/stream`, { headers: { Accept: 'application/json' } });
    expect(res.status).toBe(406);
    const head = await fetch(`${h.url}/v1/stream?severities=P0`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8']);
    expect(h.server.sessionCount()).toBe(0);
    expect(h.server.hub.index.size).toBe(0);
  });

  it('resumes after a Last-Event-ID header (or ?last_event_id=) with replay_complete; an unknown id replays with gap', async () => {
    const h = await server();
    const published: string[] = [];
    for (let i = 0; i < 4; i++) published.push(...ids(await h.publish(created(incident({ title: `r${i}` })))));
    const byHeader = curl(`${h.url}/v1/stream`, { 'Last-Event-ID': published[1]! });
    const done = JSON.parse((await byHeader.next((m) => m.event === 'replay_complete')).data) as Record<string, unknown>;
    expect(done).toEqual({ type: 'replay_complete', subscription_id: 'sse', replayed: 2, gap: false });
    expect(byHeader.events().map((e) => e.message_id)).toEqual(published.slice(2));
    const byQuery = curl(`${h.url}/v1/stream?last_event_id=${published[2]}`);
    await byQuery.next((m) => m.event === 'replay_complete');
    expect(byQuery.events().map((e) => e.message_id)).toEqual(published.slice(3));
    const unknown = curl(`${h.url}/v1/stream`, { 'Last-Event-ID': 'other-epoch-7' });
    const gap = JSON.parse((await unknown.next((m) => m.event === 'replay_complete')).data) as Record<string, unknown>;
    expect(gap).toMatchObject({ replayed: 4, gap: true });
    const live = ids(await h.publish(created(incident({ title: 'live' }))))[0];
    await byHeader.next((m) => m.id === live);
    expect(byHeader.events().map((e) => e.message_id)).toEqual([...published.slice(2), live]);
  });

  it('writes a heartbeat comment every heartbeat_interval_secs and stays open past two intervals', async () => {
    const h = await server({ heartbeat_interval_secs: 1, session_timeout_secs: 300 });
    const r = curl(`${h.url}/v1/stream`);
    await r.next((m) => m.comment === 'heartbeat', 5000);
    const first = r.messages.filter((m) => m.comment === 'heartbeat').length;
    await r.next(() => r.messages.filter((m) => m.comment === 'heartbeat').length >= first + 2, 8000);
    expect(h.server.sessionCount()).toBe(1);
    expect(r.messages.some((m) => m.event === 'closing')).toBe(false);
  });

  it('counts SSE sessions in max_connections (503 beyond it) and in the metrics with transport="sse"', async () => {
    const h = await server({ max_connections: 2 });
    const ws = await TestClient.connect(h.wsUrl);
    stops.push(() => ws.close());
    const r = curl(`${h.url}/v1/stream`);
    await r.next((m) => m.event === 'subscribed');
    const res = await fetch(`${h.url}/v1/stream`);
    expect(res.status).toBe(503);
    const text = await h.server.metrics.registry.metrics();
    expect(text).toContain('incident_relay_active_connections{transport="sse"} 1');
    expect(text).toContain('incident_relay_active_connections{transport="json"} 1');
    expect(text).toContain('websocket_active_connections 2');
    expect(text).toContain('websocket_server_closes_total{code="1013",reason="connection_limit"} 1');
  });

  it('sends closing shutdown and ends the stream when the server stops', async () => {
    const h = await startServer({});
    const c = curlStream(`${h.url}/v1/stream`);
    await c.reader.next((m) => m.event === 'subscribed');
    await h.stop();
    const closing = await c.reader.next((m) => m.event === 'closing');
    expect(JSON.parse(closing.data)).toEqual({ type: 'closing', reason: 'shutdown' });
    expect(await c.exited).toBe(0);
  });

  it('closes a slow SSE reader with closing slow_consumer; other readers are unaffected', async () => {
    const h = await server({ max_pending_messages: 50 });
    const slow = await rawStream(Number(new URL(h.url).port), '/v1/stream');
    stops.push(() => slow.socket.destroy());
    await slow.reader.next((m) => m.event === 'subscribed');
    const fast = curl(`${h.url}/v1/stream`);
    await fast.next((m) => m.event === 'subscribed');
    slow.socket.pause();
    const big = randomBytes(15_000).toString('base64');
    const slowCloses = async () => (await h.server.metrics.serverCloses.get()).values
      .find((v) => v.labels.code === '4001' && v.labels.reason === 'slow_consumer')?.value;
    for (let round = 0; round < 400 && await slowCloses() === 0; round++) {
      await h.publish({ events: Array.from({ length: 10 }, () => created(incident({ description: big }))) });
    }
    expect(await slowCloses()).toBe(1);
    slow.socket.resume();
    const closing = await slow.reader.next((m) => m.event === 'closing', 20_000);
    expect(JSON.parse(closing.data)).toEqual({ type: 'closing', reason: 'slow_consumer' });
    while (h.server.sessionCount() > 1) await new Promise((r) => setTimeout(r, 20));
    const after = ids(await h.publish(created(incident({ title: 'after' }))))[0];
    await fast.next((m) => m.id === after, 20_000);
  });
});
