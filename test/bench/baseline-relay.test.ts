// The plain-ws baseline speaks the benchmark's subset of the protocol: welcome, subscribe, publish, filtered event frames.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { incidentEvent } from './bench-events.js';
import { startBaselineServer, type BaselineServer } from './baseline-relay.js';

const TOKEN = 'test-token';
type Msg = Record<string, unknown> & { type: string };

/** A ws client that queues frames and hands them out by type. */
class Peer {
  private readonly queue: Msg[] = [];
  private waiter: (() => void) | undefined;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => { this.queue.push(JSON.parse(String(d)) as Msg); this.waiter?.(); });
  }
  static async open(url: string, perMessageDeflate = false): Promise<Peer> {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + '/ws', { perMessageDeflate });
    const peer = new Peer(ws);
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    return peer;
  }
  async next(type: string): Promise<Msg> {
    for (;;) {
      const at = this.queue.findIndex((m) => m.type === type);
      if (at >= 0) return this.queue.splice(at, 1)[0] as Msg;
      await new Promise<void>((r) => { this.waiter = r; });
    }
  }
  async subscribe(id: string, filters: object): Promise<Msg> {
    this.ws.send(JSON.stringify({ type: 'subscribe', subscription_id: id, filters }));
    return this.next('subscribed');
  }
}

async function post(server: BaselineServer, body: unknown, token = TOKEN): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/v1/events`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('baseline server', () => {
  let server: BaselineServer | undefined;
  const peers: Peer[] = [];
  const start = async (compression = false, maxSubscriptionsPerSession = 100): Promise<BaselineServer> => {
    server = await startBaselineServer({ host: '127.0.0.1', port: 0, token: TOKEN, compression, maxConnections: 100, maxSubscriptionsPerSession, heartbeatIntervalSecs: 30 });
    return server;
  };
  const open = async (s: BaselineServer, deflate = false): Promise<Peer> => { const p = await Peer.open(s.url, deflate); peers.push(p); return p; };
  afterEach(async () => {
    for (const p of peers.splice(0)) p.ws.terminate();
    await server?.close();
  });

  it('welcomes, then echoes the normalized filters of a subscription', async () => {
    const s = await start();
    const peer = await open(s);
    expect((await peer.next('welcome')).session_id).toMatch(/^[0-9a-f-]{36}$/);
    const sub = await peer.subscribe('p2', { severities: ['P2', 'P2'] });
    expect(sub.filters).toEqual({ event_types: [], severities: ['P2'], states: [], sources: [], affected_resources: [], labels: {}, incident_ids: [] });
  });

  it('sends each event once per session, listing every matching subscription, and nothing to sessions that do not match', async () => {
    const s = await start();
    const a = await open(s);
    const b = await open(s);
    await a.subscribe('all', {});
    await a.subscribe('team', { labels: { team: 'team-3' } });
    await a.subscribe('p0', { severities: ['P0'] });
    await b.subscribe('svc4', { sources: ['svc-4'] });
    const first = await post(s, { events: [incidentEvent(3, 1), incidentEvent(4, 2)] });
    expect(first.status).toBe(202);
    const ids = first.body.message_ids as string[];
    const e1 = await a.next('event');
    expect([e1.message_id, e1.subscription_ids]).toEqual([ids[0], ['all', 'team']]);
    const e2 = await a.next('event');
    expect([e2.message_id, e2.subscription_ids]).toEqual([ids[1], ['all']]);
    const onlyForB = await b.next('event');
    expect([onlyForB.message_id, onlyForB.subscription_ids]).toEqual([ids[1], ['svc4']]);
  });

  it('refuses a publish without the token, and an invalid batch as a whole', async () => {
    const s = await start();
    const peer = await open(s);
    await peer.subscribe('all', {});
    expect((await post(s, incidentEvent(1, 1), 'wrong')).status).toBe(401);
    const bad = await post(s, { events: [incidentEvent(1, 1), { event_type: 'incident_created' }] });
    expect(bad.status).toBe(400);
    expect((bad.body.error as { code: string }).code).toBe('invalid_message');
    const ok = await post(s, incidentEvent(9, 1));
    expect((await peer.next('event')).message_id).toBe((ok.body.message_ids as string[])[0]);
  });

  it('refuses subscriptions beyond the per-session limit', async () => {
    const s = await start(false, 2);
    const peer = await open(s);
    await peer.subscribe('a', {});
    await peer.subscribe('b', {});
    peer.ws.send(JSON.stringify({ type: 'subscribe', subscription_id: 'c', filters: {} }));
    expect(await peer.next('error')).toMatchObject({ code: 'subscription_limit', ref: 'c' });
  });

  it('negotiates permessage-deflate only when compression is on', async () => {
    const off = await start(false);
    expect((await open(off, true)).ws.extensions).toBe('');
    await off.close();
    const on = await start(true);
    const peer = await open(on, true);
    expect(peer.ws.extensions).toContain('permessage-deflate');
    await peer.subscribe('all', {});
    await post(on, incidentEvent(1, 1));
    expect((await peer.next('event')).type).toBe('event');
  });
});
