// The renderer's own web bridge (src-renderer/bridge/web-bridge.ts) against the real control endpoint and stream.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { postJson } from '../../src-renderer/bridge/control-http.js';
import { createWebBridge, type WebBridge, type WebSocketLike } from '../../src-renderer/bridge/web-bridge.js';
import { BridgeError, type FeedEvent } from '../../src-shared/bridge/index.js';
import { created, incident } from '../support/fixtures.js';
import { waitFor } from '../relay/relay-harness.js';
import { startControlHarness, type ControlHarness } from './support/control-harness.js';
import { tempDir } from './support/temp-dir.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** What the browser does for the page at `origin`: keeps the cookie, sends it and the Origin with calls and the stream. */
function pageBridge(origin: string): WebBridge {
  let cookie = '';
  const bridge = createWebBridge({
    baseUrl: origin,
    backoff: { baseMs: 50, maxMs: 200, minMs: 20 },
    reporter: { warn: (m) => { throw new Error(`bridge warning: ${m}`); } },
    async fetch(url, init) {
      const res = await fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), origin, ...(cookie ? { cookie } : {}) } });
      const set = res.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0]!;
      return res;
    },
    openWebSocket: (url, protocols) => new WebSocket(url, protocols, { headers: { origin, ...(cookie ? { cookie } : {}) } }) as unknown as WebSocketLike,
  });
  cleanups.push(() => bridge.stop());
  return bridge;
}

describe('the renderer web bridge', () => {
  it('signs in with the console code, makes calls, sees its refusals and receives pushes', async () => {
    const h = await startControlHarness();
    cleanups.push(() => h.stop());
    const bridge = pageBridge(h.h.url);
    await bridge.login(new URL(h.webConsole.loginUrl()).searchParams.get('code')!);
    bridge.start();
    await waitFor(() => bridge.connection().state === 'connected', 'the stream to open');
    expect((await bridge.server.status()).address).toBe(h.h.url);
    const sub = await bridge.subscriptions.create({ name: 'P0', filters: { severities: ['P0'] }, notify: false });
    const pushed: FeedEvent[] = [];
    bridge.on('push:events', (p) => pushed.push(...p.events));
    const i = incident({ severity: 'P0' });
    await h.h.publish({ events: [created(i)] });
    await waitFor(() => pushed.length === 1, 'the pushed event');
    expect(pushed[0]!.subscriptionIds).toEqual([sub.id]);
    const acked = await bridge.incidents.acknowledge({ id: i.id });
    expect(acked.acknowledgedBy).toBe('tester');
    await expect(bridge.incidents.snooze({ id: i.id, minutes: 0 })).rejects.toMatchObject({ code: 'invalid_message' });
  });

  it('receives the endpoint\'s schema refusals as BridgeErrors with their field paths', async () => {
    const h = await startControlHarness();
    cleanups.push(() => h.stop());
    await h.login();
    const bad = { name: '', filters: { severities: ['P9'] }, notify: true };
    const raw = await h.call('subscriptions:create', bad);
    expect(raw.status).toBe(400);
    expect(raw.json).toEqual({ error: { code: 'invalid_message', message: expect.stringContaining('filters.severities.0: '), details: { issues: [
      { path: ['name'], message: 'give the subscription a name' },
      { path: ['filters', 'severities', 0], message: expect.any(String) },
    ] } } });
    // The web transport's HTTP half (what the page's Bridge calls after its own check) rebuilds the same error.
    const page = (url: string, init: RequestInit) => fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), ...h.sessionHeaders() } });
    const err = await postJson(page, `${h.h.url}/control/subscriptions:create`, bad, 5000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BridgeError);
    expect((err as BridgeError).toBody()).toEqual(raw.json);
  });

  it('shows the drop, then reconnects to a server restarted on the same port and data dir with the same session', async () => {
    const dir = tempDir(cleanups);
    const first = await startControlHarness({ dataDir: dir });
    let current: ControlHarness | undefined = first;
    cleanups.push(() => current?.stop());
    const bridge = pageBridge(first.h.url);
    await bridge.login(new URL(first.webConsole.loginUrl()).searchParams.get('code')!);
    bridge.start();
    await waitFor(() => bridge.connection().state === 'connected', 'the stream to open');
    const states: string[] = [];
    bridge.onConnection((s) => states.push(s.state));
    const port = Number(new URL(first.h.url).port);
    await first.stop();
    current = undefined;
    await waitFor(() => bridge.connection().state === 'disconnected', 'the drop to show');
    current = await startControlHarness({ dataDir: dir, config: { port } });
    await waitFor(() => bridge.connection().state === 'connected', 'the reconnection', 15_000);
    expect(states).toContain('disconnected');
    expect(states).not.toContain('unauthorized');
    expect((await bridge.incidents.list()).incidents).toEqual([]);
  });
});
