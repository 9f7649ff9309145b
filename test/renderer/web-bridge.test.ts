// The web transport against a real /control endpoint on 127.0.0.1: login cookie, calls, errors, pushes, drop and reconnect.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BridgeError, type BridgeHandlers, type ConnectionStatus, type ServerStats } from '../../src-shared/bridge/index.js';
import { createWebBridge, type WebBridge } from '../../src-renderer/bridge/web-bridge.js';
import { browserLikeCookies, startControlServer, type ControlServer } from './support/control-server.js';
import { at } from './support/factories.js';

const STATS: ServerStats = { connectedClients: 1, activeSubscriptions: 2, eventsPublished: 3, deliveries: 4, eventsPerMinute: [0, 5], activeIncidents: 0 };
const HANDLERS: Partial<BridgeHandlers> = {
  'server:status': () => ({ address: 'http://127.0.0.1:1', version: 'test', startedAt: at(0), authRequired: false }),
  'server:stats': () => STATS,
  'incidents:get': (req) => {
    throw new BridgeError('not_found', `no incident ${req.id}`);
  },
  'incidents:list': () => ({ incidents: [] }),
};

const servers: ControlServer[] = [];
const bridges: WebBridge[] = [];
afterEach(async () => {
  for (const b of bridges.splice(0)) b.stop();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(options: Parameters<typeof startControlServer>[1] = {}): Promise<ControlServer> {
  const server = await startControlServer(HANDLERS, options);
  servers.push(server);
  return server;
}

function bridgeFor(server: ControlServer, warnings: string[] = []): WebBridge {
  const bridge = createWebBridge({
    baseUrl: server.baseUrl, ...browserLikeCookies(), backoff: { baseMs: 20, maxMs: 100, minMs: 10 },
    reporter: { warn: (m) => warnings.push(m) },
  });
  bridges.push(bridge);
  return bridge;
}

const stateOf = (b: WebBridge): ConnectionStatus['state'] => b.connection().state;

describe('web bridge', () => {
  it('exchanges the one-time login code for a session cookie that later calls carry', async () => {
    const server = await serve({ codes: new Set(['code-1']) });
    const bridge = bridgeFor(server);
    await bridge.login('code-1');
    const status = await bridge.server.status();
    expect(status.version).toBe('test');
    expect(server.requests.at(-1)).toMatchObject({
      method: 'POST', path: '/control/server:status', contentType: 'application/json', hasSession: true, body: {},
      secret: expect.stringMatching(/^secret-of-/),
    });
    await expect(bridgeFor(server).login('code-1')).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('sends the validated request with defaults applied and surfaces refusals with their code and message', async () => {
    const server = await serve({ codes: new Set(['c']) });
    const bridge = bridgeFor(server);
    await bridge.login('c');
    await bridge.incidents.list();
    expect(server.requests.at(-1)?.body).toEqual({ includeResolved: false });
    const id = '00000000-0000-4000-8000-000000000001';
    await expect(bridge.incidents.get({ id })).rejects.toMatchObject({ name: 'BridgeError', code: 'not_found', message: `no incident ${id}` });
    const before = server.requests.length;
    await expect(bridge.incidents.get({ id: 'nope' })).rejects.toMatchObject({ code: 'invalid_message', message: 'id: must be a UUID' });
    expect(server.requests.length).toBe(before);
  });

  it('reports an unreachable server as unavailable', async () => {
    const server = await serve();
    const bridge = bridgeFor(server);
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    await expect(bridge.server.stats()).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('delivers validated pushes from the stream and drops invalid ones', async () => {
    const server = await serve({ codes: new Set(['c']) });
    const warnings: string[] = [];
    const bridge = bridgeFor(server, warnings);
    await bridge.login('c');
    const received: ServerStats[] = [];
    bridge.on('push:stats', (s) => received.push(s));
    bridge.start();
    await vi.waitFor(() => expect(stateOf(bridge)).toBe('connected'));
    server.push('push:stats', { ...STATS, deliveries: -1 });
    server.push('push:not-yet-invented', { anything: true });
    server.push('push:stats', STATS);
    await vi.waitFor(() => expect(received).toEqual([STATS]));
    expect(warnings).toEqual([expect.stringMatching(/dropped invalid push:stats: deliveries/)]);
  });

  it('shows signed out, without retrying, when there is no session', async () => {
    const server = await serve();
    const bridge = bridgeFor(server);
    const states: string[] = [];
    bridge.onConnection((s) => states.push(s.state));
    bridge.start();
    await vi.waitFor(() => expect(stateOf(bridge)).toBe('unauthorized'));
    expect(bridge.connection()).toMatchObject({ retryAt: null, detail: 'no session: sign in through the console URL' });
    expect(states).not.toContain('connected');
  });

  it('goes disconnected with a retry time when the server dies and reconnects when it is back on the same port', async () => {
    const sessions = new Set<string>();
    const first = await serve({ codes: new Set(['c']), sessions });
    const bridge = bridgeFor(first);
    await bridge.login('c');
    bridge.start();
    await vi.waitFor(() => expect(stateOf(bridge)).toBe('connected'));

    const seen: ConnectionStatus[] = [];
    bridge.onConnection((s) => seen.push(s));
    await first.close();
    servers.splice(servers.indexOf(first), 1);
    await vi.waitFor(() => expect(seen.filter((s) => s.state === 'disconnected').length).toBeGreaterThanOrEqual(2));
    const firstDrop = seen.find((s) => s.state === 'disconnected')!;
    expect(firstDrop.attempt).toBe(1);
    expect(firstDrop.retryAt).toBeGreaterThan(0);
    expect(firstDrop.detail).toMatch(/stream closed/);

    const second = await serve({ port: first.port, sessions });
    await vi.waitFor(() => expect(stateOf(bridge)).toBe('connected'), { timeout: 10_000 });
    expect(bridge.connection().attempt).toBe(0);
    expect(second.streamCount()).toBe(1);
  });
});
