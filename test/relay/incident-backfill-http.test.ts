// The backfill's HTTP side against hand-written servers: offset paging, bounds, invalid incidents, token, retries, a hanging API.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.js';
import { WebSocketServer } from 'ws';
import { IncidentBackfill } from '../../src-main/relay/incident-backfill.js';
import { fetchActiveIncidents, incidentsBaseUrl } from '../../src-main/relay/incident-fetch.js';
import { startUpstreamRelays } from '../../src-main/relay/index.js';
import { MemoryIncidentStore } from '../../src-main/server/incidents/incident-store.js';
import { createLogger } from '../../src-main/server/telemetry/logger.js';
import { startServer } from '../support/server-harness.js';
import { incident } from '../support/fixtures.js';
import { FAST_TIMINGS, numbered, waitFor } from './relay-harness.js';

const cleanups = cleanupsAfterEach();

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

async function httpServer(handle: Handler): Promise<{ server: Server; wsUrl: string; requests: URL[]; auth: (string | undefined)[] }> {
  const requests: URL[] = [];
  const auth: (string | undefined)[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    auth.push(req.headers.authorization);
    handle(req, res, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return { server, wsUrl: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`, requests, auth };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};
const silent = createLogger('silent');
const limits = { pageSize: 3, maxIncidents: 7, maxPages: 20, timeoutMs: 5000, maxBodyBytes: 1 << 20 };

describe('incident backfill over HTTP', () => {
  it('derives the base URL from the WebSocket URL', () => {
    expect(incidentsBaseUrl('ws://127.0.0.1:8080/ws')).toBe('http://127.0.0.1:8080');
    expect(incidentsBaseUrl('wss://ops.example.com/relay/ws?x=1')).toBe('https://ops.example.com/relay');
    expect(incidentsBaseUrl('wss://ops.example.com/stream')).toBe('https://ops.example.com');
  });

  it('pages by page/page_size as the Rust server does, stops at the bound, sends the token and counts invalid incidents', async () => {
    const all = Array.from({ length: 10 }, (_, k) => (k === 1 ? { id: 'not-an-incident' } : incident({ title: `n${k}` })));
    // As the Rust list handler: limit/offset ignored, page from 0, page_size default 20 and at most 100.
    const up = await httpServer((_req, res, url) => {
      const page = Number(url.searchParams.get('page') ?? 0);
      const size = Math.min(Number(url.searchParams.get('page_size') ?? 20), 100);
      json(res, 200, { incidents: all.slice(page * size, page * size + size), total: all.length, page, page_size: size });
    });
    const store = new MemoryIncidentStore();
    const backfill = new IncidentBackfill({
      settings: { name: 'u', url: up.wsUrl, token: 'secret-token', filters: {} }, store, logger: silent, now: Date.now, onChange: () => undefined, limits,
    });
    backfill.startIfNeeded(false);
    await waitFor(() => backfill.status()?.state === 'done', 'the backfill');
    expect(up.requests.map((u) => [u.pathname, u.searchParams.get('active_only'), u.searchParams.get('page'), u.searchParams.get('page_size')])).toEqual([
      ['/v1/incidents', 'true', '0', '3'], ['/v1/incidents', 'true', '1', '3'], ['/v1/incidents', 'true', '2', '3'],
    ]);
    expect(up.auth).toEqual(['Bearer secret-token', 'Bearer secret-token', 'Bearer secret-token']);
    expect(backfill.status()).toMatchObject({ state: 'done', stored: 6, invalid: 1, partial: true });
    expect(store.size()).toBe(6);
  });

  it('pages by offset against total when the upstream answers only a total', async () => {
    const all = Array.from({ length: 5 }, (_, k) => incident({ title: `n${k}` }));
    const up = await httpServer((_req, res, url) => {
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 2);
      json(res, 200, { incidents: all.slice(offset, offset + limit), total: all.length });
    });
    const store = new MemoryIncidentStore();
    const backfill = new IncidentBackfill({ settings: { name: 'u', url: up.wsUrl, filters: {} }, store, logger: silent, now: Date.now, onChange: () => undefined, limits });
    backfill.startIfNeeded(false);
    await waitFor(() => backfill.status()?.state === 'done', 'the backfill');
    expect(up.requests.map((u) => u.searchParams.get('offset'))).toEqual([null, '2']);
    expect(backfill.status()).toMatchObject({ state: 'done', stored: 5, partial: false });
  });

  it('applies the upstream subscription filters to what it stores', async () => {
    const up = await httpServer((_req, res) => json(res, 200, { incidents: [incident({ severity: 'P0' }), incident({ severity: 'P3' })], next_cursor: null }));
    const store = new MemoryIncidentStore();
    const backfill = new IncidentBackfill({
      settings: { name: 'u', url: up.wsUrl, filters: { severities: ['P0'], event_types: ['escalated'] } }, store, logger: silent, now: Date.now, onChange: () => undefined,
    });
    backfill.startIfNeeded(false);
    await waitFor(() => backfill.status()?.state === 'done', 'the backfill');
    expect(store.list().map((i) => i.severity)).toEqual(['P0']);
    expect(backfill.status()).toMatchObject({ stored: 1, skipped: 1 });
  });

  it('asks again on the next connection after a server error, never after a 404', async () => {
    let answers = [503, 200];
    const up = await httpServer((_req, res) => {
      const status = answers.shift() ?? 404;
      json(res, status, status === 200 ? { incidents: [incident()], next_cursor: null } : { error: { code: 'unavailable', message: 'x' } });
    });
    const backfill = new IncidentBackfill({
      settings: { name: 'u', url: up.wsUrl, filters: {} }, store: new MemoryIncidentStore(), logger: silent, now: Date.now, onChange: () => undefined,
    });
    backfill.startIfNeeded(false);
    await waitFor(() => backfill.status()?.state === 'failed', 'the failure');
    expect(backfill.status()!.reason).toMatch(/HTTP 503/);
    backfill.startIfNeeded(false);
    await waitFor(() => backfill.status()?.state === 'done', 'the second try');
    backfill.startIfNeeded(false);
    expect(up.requests).toHaveLength(2);

    answers = [404];
    const unsupported = await fetchActiveIncidents({ name: 'u', url: up.wsUrl, filters: {} }, new AbortController().signal);
    expect(unsupported).toMatchObject({ kind: 'unsupported', reason: expect.stringMatching(/HTTP 404/) });
  });

  it('never holds up the live stream while the incidents API hangs', async () => {
    const up = await httpServer(() => undefined); // GET /v1/incidents never answers
    const wss = new WebSocketServer({ server: up.server });
    wss.on('connection', (ws) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { type: string; subscription_id?: string };
        if (msg.type !== 'subscribe') return;
        ws.send(JSON.stringify({ type: 'subscribed', subscription_id: msg.subscription_id, filters: {} }));
        ws.send(JSON.stringify({ type: 'event', message_id: 'm-1', timestamp: new Date().toISOString(), event: numbered(1), subscription_ids: [msg.subscription_id] }));
      });
    });
    cleanups.push(() => new Promise<void>((resolve) => {
      for (const c of wss.clients) c.terminate();
      wss.close(() => resolve());
    }));
    const local = await startServer();
    cleanups.push(() => local.stop());
    const relay = startUpstreamRelays(local.server, [{ url: up.wsUrl, name: 'hangs' }], local.server.logger, { timings: FAST_TIMINGS });
    cleanups.push(() => relay.stop());
    await waitFor(() => relay.status('hangs')?.eventsRelayed === 1, 'the live event');
    await waitFor(() => up.requests.length === 1, 'the incidents request');
    expect(relay.status('hangs')!.backfill?.state).toBe('running');
    expect(relay.status('hangs')!.detail).toMatch(/fetching active incidents/);
    expect(up.requests.map((u) => u.pathname)).toEqual(['/v1/incidents']);
  });
});
