// Starting and quitting the core from the desktop: port conflicts reported and resolved, quit drains the server.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GracefulQuit } from '../../src-main/desktop/core/graceful-quit.js';
import { choosePort, nextFreePort, portConflictDialog, probeTcpPort, type PortConflict } from '../../src-main/desktop/core/port-choice.js';
import { startCore, type DesktopCore } from '../../src-main/desktop/core/start-core.js';
import { desktopConfig } from '../../src-main/desktop/core/desktop-config.js';
import type { NotificationSink } from '../../src-main/notify/index.js';
import { parseConfig } from '../../src-main/server/config/load.js';
import { createLogger } from '../../src-main/server/telemetry/logger.js';
import { createCoreServer, type CoreServer } from '../../src-main/server/server.js';
import { TestClient } from '../support/ws-client.js';
import { FakeApp, FakePower } from './support/fake-electron.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function occupy(): Promise<number> {
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  return (blocker.address() as { port: number }).port;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ir-desktop-core-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const silent = createLogger('silent');
const TOKEN = 'desktop-publish-token-0123456789';
const sink: NotificationSink = { show: async () => undefined };

describe('choosing the port', () => {
  it('keeps a free configured port without asking', async () => {
    const free = await nextFreePort('127.0.0.1', await occupy(), probeTcpPort);
    const asked: PortConflict[] = [];
    expect(await choosePort('127.0.0.1', free, probeTcpPort, async (c) => { asked.push(c); return null; })).toEqual({ port: free, remember: false });
    expect(asked).toEqual([]);
  });

  it('reports a taken port and offers the next free one', async () => {
    const taken = await occupy();
    const asked: PortConflict[] = [];
    const decision = await choosePort('127.0.0.1', taken, probeTcpPort, async (c) => { asked.push(c); return { port: c.suggested, remember: true }; });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ host: '127.0.0.1', requested: taken, code: 'EADDRINUSE' });
    expect(asked[0]!.suggested).toBeGreaterThan(taken);
    expect(await probeTcpPort('127.0.0.1', asked[0]!.suggested)).toBeNull();
    expect(decision).toEqual({ port: asked[0]!.suggested, remember: true });
    const text = portConflictDialog(asked[0]!);
    expect(text.message).toBe(`Incident Relay cannot listen on 127.0.0.1:${taken}.`);
    expect(text.buttons).toEqual([`Use port ${asked[0]!.suggested}`, 'Quit']);
  });

  it('falls back to a system-chosen port when none nearby is free', async () => {
    const allTaken = async (): Promise<string> => 'EADDRINUSE';
    expect(await nextFreePort('127.0.0.1', 8080, allTaken, 5)).toBe(0);
    expect(portConflictDialog({ host: '127.0.0.1', requested: 8080, code: 'EADDRINUSE', suggested: 0 }).buttons[0]).toBe('Use a free port');
  });
});

describe('starting the core', () => {
  function config(port: number) {
    return desktopConfig({ settingsPort: port, dataDir: tempDir(), env: { INCIDENT_RELAY_JOURNAL: 'memory', INCIDENT_RELAY_LOG_LEVEL: 'silent' } });
  }

  it('listens on the suggested port when the configured one is taken and the user accepts', async () => {
    const taken = await occupy();
    const remembered: number[] = [];
    const core = await startCore({
      config: config(taken), logger: silent, sink,
      prompt: async (c) => ({ port: c.suggested, remember: true }),
      onRememberPort: (p) => remembered.push(p),
    });
    expect(core).not.toBeNull();
    cleanups.push(() => core!.close());
    expect(core!.address.port).not.toBe(taken);
    expect(remembered).toEqual([core!.address.port]);
    const health = await fetch(`${core!.address.url}/health`);
    expect(health.status).toBe(200);
  });

  it('starts nothing when the user declines the other port', async () => {
    const taken = await occupy();
    const core = await startCore({ config: config(taken), logger: silent, sink, prompt: async () => null });
    expect(core).toBeNull();
  });

  it('asks again when the port is lost between the probe and the bind', async () => {
    const taken = await occupy();
    const asked: number[] = [];
    let probes = 0;
    const core = await startCore({
      config: config(taken), logger: silent, sink,
      probe: async (host, port) => (probes++ === 0 ? null : probeTcpPort(host, port)), // the first probe lies: "free"
      prompt: async (c) => { asked.push(c.requested); return { port: c.suggested, remember: false }; },
    });
    cleanups.push(() => core?.close());
    expect(asked).toEqual([taken]);
    expect(core!.address.port).not.toBe(taken);
  });
});

describe('quitting', () => {
  async function serverWithClient(): Promise<{ server: CoreServer; client: TestClient }> {
    const server = createCoreServer(parseConfig({ port: 0, journal: 'memory', log_level: 'silent' }));
    const { url } = await server.start();
    cleanups.push(() => server.stop());
    const client = await TestClient.connect(`${url.replace(/^http/, 'ws')}/ws`);
    cleanups.push(() => client.close());
    await client.subscribe('all');
    return { server, client };
  }

  it('holds the first quit until the server said closing and drained, then quits for real', async () => {
    const { server, client } = await serverWithClient();
    const app = new FakeApp();
    const quit = new GracefulQuit({ app, drain: () => server.stop() });
    expect(quit.isQuitting()).toBe(false);

    quit.requestQuit();
    expect(app.quitted).toBe(0);
    expect(quit.currentPhase()).toBe('draining');
    await quit.whenDrained();

    expect(client.frames.find((f) => f.type === 'closing')).toMatchObject({ type: 'closing', reason: 'shutdown' });
    expect(await client.waitClose()).toBe(1001);
    expect(server.address() && (await probeTcpPort('127.0.0.1', server.address()!.port))).toBeNull();
    expect(app.quitted).toBe(1);
    expect(quit.currentPhase()).toBe('drained');
  });

  it('drains once even when quit is asked repeatedly, and on OS shutdown', async () => {
    const { server, client } = await serverWithClient();
    const app = new FakeApp();
    let drains = 0;
    const quit = new GracefulQuit({ app, drain: () => { drains += 1; return server.stop(); } });
    const power = new FakePower();
    quit.watchShutdown(power);
    expect(power.shutdown()).toBe(true); // the OS is asked to wait
    quit.requestQuit();
    await quit.whenDrained();
    expect(drains).toBe(1);
    expect(await client.waitClose()).toBe(1001);
    expect(app.quitted).toBe(1);
  });

  it('closes the desktop core: notifications, relay, then the server with closing frames', async () => {
    const core: DesktopCore | null = await startCore({
      config: desktopConfig({ settingsPort: 0, dataDir: tempDir(), publishToken: TOKEN, env: { INCIDENT_RELAY_JOURNAL: 'memory', INCIDENT_RELAY_LOG_LEVEL: 'silent' } }),
      logger: silent, sink, prompt: async () => null,
    });
    const client = await TestClient.connect(`${core!.address.url.replace(/^http/, 'ws')}/ws`, { headers: { authorization: `Bearer ${TOKEN}` } });
    cleanups.push(() => client.close());
    const app = new FakeApp();
    const quit = new GracefulQuit({ app, drain: () => core!.close() });
    quit.requestQuit();
    await quit.whenDrained();
    expect(client.frames.some((f) => f.type === 'closing' && f.reason === 'shutdown')).toBe(true);
    expect(await client.waitClose()).toBe(1001);
    expect(app.quitted).toBe(1);
  });
});

describe('desktop defaults', () => {
  it('require a token to read the stream, even on loopback (any local user could read it before)', async () => {
    const config = desktopConfig({ settingsPort: 0, dataDir: tempDir(), publishToken: TOKEN, env: { INCIDENT_RELAY_JOURNAL: 'memory', INCIDENT_RELAY_LOG_LEVEL: 'silent' } });
    expect(config.require_auth_for_read).toBe(true);
    const core = await startCore({ config, logger: silent, sink, prompt: async () => null });
    cleanups.push(() => core!.close());
    const ws = `${core!.address.url.replace(/^http/, 'ws')}/ws`;
    await expect(TestClient.connect(ws)).rejects.toThrow(/401/);
    const reader = await TestClient.connect(ws, { headers: { authorization: `Bearer ${TOKEN}` } });
    cleanups.push(() => reader.close());
    await reader.subscribe('all');
  });
});
