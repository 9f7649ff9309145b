// The whole desktop start-up with Electron replaced by fakes and everything else real: core, control, IPC, tray, quit.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../src-shared/bridge/index.js';
import { startDesktop, type DesktopApp } from '../../src-main/desktop/app/desktop-app.js';
import type { DesktopPorts } from '../../src-main/desktop/app/desktop-ports.js';
import { createDesktopControl } from '../../src-main/desktop/control/control-binding.js';
import { PUSH_IPC_CHANNEL } from '../../src-main/desktop/ipc/ipc-channel.js';
import { JsonFileBackend } from '../../src-main/desktop/settings/json-file-backend.js';
import type { MenuItemSpec } from '../../src-main/desktop/tray/tray-menu.js';
import { createLogger } from '../../src-main/server/telemetry/logger.js';
import { renderTrayIcon } from '../../src-main/desktop/icons/tray-icons.js';
import { created, incident } from '../support/fixtures.js';
import { startServer } from '../support/server-harness.js';
import { TestClient } from '../support/ws-client.js';
import {
  FakeApp, FakeIpcMain, FakeLoginItems, FakeNotifications, FakePower, FakeSafeStorage, FakeSession, FakeShell, FakeTray, windowFactory,
} from './support/fake-electron.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function fakes(options: { hasLock?: boolean; dir?: string; keychain?: boolean } = {}) {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'ir-desktop-app-'));
  if (!options.dir) cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const app = new FakeApp(options.hasLock ?? true);
  const windows = windowFactory();
  const ipc = new FakeIpcMain();
  const session = new FakeSession();
  const trays: FakeTray[] = [];
  const menus: MenuItemSpec[][] = [];
  const notifications = new FakeNotifications();
  const power = new FakePower();
  const errors: string[] = [];
  const sounds = { beeps: 0 };
  const indexFile = join(dir, 'dist-renderer', 'index.html');
  const ports: DesktopPorts = {
    app, createWindow: windows.create, ipc, shell: new FakeShell(), session, handleProtocol: (scheme, handler) => session.handleProtocol(scheme, handler),
    createTray: () => {
      const t = new FakeTray();
      trays.push(t);
      return t;
    },
    setApplicationMenu: (items) => menus.push(items),
    notifications, power, beep: () => { sounds.beeps += 1; },
    promptPort: async () => null,
    showError: (title, message) => errors.push(`${title}: ${message}`),
    settingsBackend: new JsonFileBackend(join(dir, 'settings.json')),
    safeStorage: new FakeSafeStorage(options.keychain ?? true),
    loginItems: new FakeLoginItems(),
    createControl: createDesktopControl,
    paths: { preload: join(dir, 'preload.cjs'), renderer: { indexFile }, dataDir: join(dir, 'data') },
    logger: createLogger('silent'),
    platform: 'linux',
    argv: ['electron', '.'],
    env: { INCIDENT_RELAY_JOURNAL: 'memory', INCIDENT_RELAY_PORT: '0' },
  };
  return { dir, ports, app, windows, ipc, session, trays, menus, notifications, power, errors, sounds, appUrl: 'app://bundle/index.html' };
}

const UPSTREAM_TOKEN = 'upstream-subscribe-token-0123456789';

/** Waits until the upstream `remote` is connected (the remote requires the token); returns the last list answer. */
async function connected(f: ReturnType<typeof fakes>): Promise<unknown> {
  let answer: unknown;
  await vi.waitFor(async () => {
    answer = await f.ipc.invoke(f.appUrl, 'upstreams:list', {});
    expect(answer, JSON.stringify(answer)).toMatchObject({ ok: true, value: { upstreams: [{ id: 'remote', state: 'connected' }] } });
  }, { timeout: 10_000, interval: 50 });
  return answer;
}

/** Every file under `dir` whose bytes contain `text`. */
function filesContaining(dir: string, text: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => readFileSync(file).includes(text));
}

/** Replaces the fakes' silent logger with one that keeps every line (debug and up) as parsed JSON. */
function recordingLogger(f: ReturnType<typeof fakes>): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  f.ports.logger = createLogger('debug', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  return lines;
}

async function started(f: ReturnType<typeof fakes>): Promise<DesktopApp> {
  const desktop = await startDesktop(f.ports);
  expect(f.errors).toEqual([]);
  expect(desktop).not.toBeNull();
  cleanups.push(async () => {
    if (desktop!.quit.currentPhase() === 'running') desktop!.quit.requestQuit();
    await desktop!.quit.whenDrained();
  });
  return desktop!;
}

describe('the desktop app', () => {
  it('as a second instance, quits at once and starts nothing', async () => {
    const f = fakes({ hasLock: false });
    expect(await startDesktop(f.ports)).toBeNull();
    expect(f.app.quitCalls).toBe(1);
    expect([f.windows.made.length, f.ipc.handlers.size, f.trays.length]).toEqual([0, 0, 0]);
  });

  it('starts the core, the IPC handlers, the secure window and the tray; a second launch focuses it', async () => {
    const f = fakes();
    const desktop = await started(f);
    expect(f.windows.made).toHaveLength(1);
    const win = f.windows.made[0]!;
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect([...f.ipc.handlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
    // "Copy publish token" needs clipboard-sanitized-write: allowed for the app's page only (the old handler denied all).
    expect(f.session.requestPermission('clipboard-sanitized-write', f.appUrl)).toBe(true);
    expect(f.session.requestPermission('media', f.appUrl)).toBe(false);
    expect(f.session.requestPermission('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(f.windows.made[0]!.webContents.loaded).toEqual(['app://bundle/index.html']);
    expect([...f.session.protocols.keys()]).toEqual(['app']);
    expect(f.trays).toHaveLength(1);
    expect(f.menus[0]!.flatMap((m) => m.submenu ?? []).some((m) => m.label === 'Quit')).toBe(true);

    const status = await f.ipc.invoke(f.appUrl, 'server:status', {});
    expect(status).toEqual({ ok: true, value: expect.objectContaining({ address: desktop.core.address.url }) });
    expect(await f.ipc.invoke('https://evil.example/', 'server:status', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    win.hide();
    f.app.emit('second-instance');
    expect([win.visible, win.focused]).toEqual([true, 1]);
    expect(f.windows.made).toHaveLength(1);
  });

  it('keeps the publish token sealed: the token the UI reveals is the one publishers must use', async () => {
    const f = fakes();
    const desktop = await started(f);
    const token = (await f.ipc.invoke(f.appUrl, 'token:reveal', {}) as { value: { token: string } }).value.token;
    expect(desktop.settings.get().sealedSecrets['publish-token']).toBeDefined();
    expect(JSON.stringify(desktop.settings.get())).not.toContain(token);
    const post = (bearer: string) => fetch(`${desktop.core.address.url}/v1/events`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: JSON.stringify(created(incident())),
    });
    expect((await post(token)).status).toBe(202);
    expect((await post('wrong-token-0123456789abcdef')).status).toBe(401);
  });

  it('gives local tools a sealed read-only token: reads with it, cannot publish with it; anonymous reads are refused', async () => {
    const f = fakes();
    const desktop = await started(f);
    const revealed = (await f.ipc.invoke(f.appUrl, 'token:reveal', {}) as { value: { token: string; readToken: string } }).value;
    expect(revealed.readToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(revealed.readToken).not.toBe(revealed.token);
    expect(desktop.settings.get().sealedSecrets['read-token']).toBeDefined();
    expect(filesContaining(f.dir, revealed.readToken)).toEqual([]);
    const ws = `${desktop.core.address.url.replace(/^http/, 'ws')}/ws`;
    await expect(TestClient.connect(ws)).rejects.toThrow(/401/);
    const reader = await TestClient.connect(ws, { headers: { authorization: `Bearer ${revealed.readToken}` } });
    cleanups.push(() => reader.close());
    await reader.subscribe('all');
    const publish = await fetch(`${desktop.core.address.url}/v1/events`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${revealed.readToken}` }, body: JSON.stringify(created(incident())),
    });
    expect(publish.status).toBe(403);
  });

  it('starting before the keychain keeps the same token: says so, refuses publishers meanwhile, then uses it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ir-desktop-app-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const first = fakes({ dir });
    const before = await started(first);
    const token = (await first.ipc.invoke(first.appUrl, 'token:reveal', {}) as { value: { token: string } }).value.token;
    before.quit.requestQuit();
    await before.quit.whenDrained();

    // Next login: autostarted before the keyring, safeStorage only offers basic_text.
    const late = fakes({ dir });
    let backend = 'basic_text';
    late.ports.secretBackend = () => backend;
    const desktop = await started(late);
    const post = (bearer: string) => fetch(`${desktop.core.address.url}/v1/events`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: JSON.stringify(created(incident())),
    });
    expect(await late.ipc.invoke(late.appUrl, 'server:status', {})).toMatchObject({ ok: true, value: { tokenStorage: 'keychain-locked' } });
    expect(await late.ipc.invoke(late.appUrl, 'token:reveal', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect((await post(token)).status).toBe(401);
    expect(readdirSync(join(dir, 'data'))).not.toContain('publish-token'); // no second token was made

    backend = 'gnome_libsecret';
    expect(await late.ipc.invoke(late.appUrl, 'token:reveal', {})).toEqual({ ok: true, value: { token } });
    expect(await late.ipc.invoke(late.appUrl, 'server:status', {})).toMatchObject({ ok: true, value: { tokenStorage: 'keychain' } });
    expect((await post(token)).status).toBe(202);
  });

  it('keeps upstream tokens sealed: not in the settings file, the data dir or any answer; after a restart they still authenticate', async () => {
    const remote = await startServer({ require_auth_for_read: true, api_tokens: [{ token: UPSTREAM_TOKEN, scopes: ['subscribe'] }] });
    cleanups.push(() => remote.stop());
    const f = fakes();
    const desktop = await started(f);
    const answers = [
      await f.ipc.invoke(f.appUrl, 'upstreams:add', { name: 'remote', url: remote.wsUrl, token: UPSTREAM_TOKEN }),
      await connected(f),
      await f.ipc.invoke(f.appUrl, 'upstreams:update', { id: 'remote', filters: { severities: ['P0'] } }),
    ];
    expect(answers[0]).toMatchObject({ ok: true, value: { hasToken: true } });
    expect(JSON.stringify(answers)).not.toContain(UPSTREAM_TOKEN);
    expect(f.windows.made[0]!.webContents.sent.length).toBeGreaterThan(0);
    expect(JSON.stringify(f.windows.made[0]!.webContents.sent)).not.toContain(UPSTREAM_TOKEN);
    expect(desktop.settings.get().sealedSecrets['upstream:remote']).toBeDefined();
    expect(filesContaining(f.dir, UPSTREAM_TOKEN)).toEqual([]);
    desktop.quit.requestQuit();
    await desktop.quit.whenDrained();

    const again = fakes({ dir: f.dir });
    await started(again);
    expect(await connected(again)).toMatchObject({ ok: true, value: { upstreams: [{ id: 'remote', hasToken: true, state: 'connected' }] } });
  });

  it('without an OS keychain, keeps upstream tokens in the data dir\'s 0600 secrets file, never in the settings', async () => {
    const remote = await startServer({ require_auth_for_read: true, api_tokens: [{ token: UPSTREAM_TOKEN, scopes: ['subscribe'] }] });
    cleanups.push(() => remote.stop());
    const f = fakes({ keychain: false });
    const desktop = await started(f);
    await f.ipc.invoke(f.appUrl, 'upstreams:add', { name: 'remote', url: remote.wsUrl, token: UPSTREAM_TOKEN });
    await connected(f);
    const secretsFile = join(f.dir, 'data', 'ui-secrets.json');
    expect(filesContaining(f.dir, UPSTREAM_TOKEN)).toEqual([secretsFile]);
    if (process.platform !== 'win32') expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(desktop.settings.get())).not.toContain(UPSTREAM_TOKEN);
  });

  it('counts a new P0 in the tray, notifies, and a click opens it in the window', async () => {
    const f = fakes();
    const desktop = await started(f);
    await desktop.tray.loaded;
    const win = f.windows.made[0]!;
    win.firstPaint();
    const p0 = incident({ severity: 'P0', title: 'Database down' });
    await desktop.core.core.server.publish([created(p0)]);

    await vi.waitFor(() => expect(desktop.tray.controller.state().unacknowledged).toBe(1));
    expect(desktop.tray.controller.state().level).toBe('critical');
    expect(f.trays[0]!.title).toBe('1');
    expect(f.trays[0]!.menu.some((m) => m.label === 'P0 · Database down')).toBe(true);
    await vi.waitFor(() => expect(win.webContents.sent.some((s) => s.args[0] === 'push:incidents')).toBe(true));

    await vi.waitFor(() => expect(f.notifications.made).toHaveLength(1));
    const n = f.notifications.made[0]!;
    expect(n.options.title).toContain('Database down');
    win.hide();
    n.emit('click', {});
    expect(win.visible).toBe(true);
    await vi.waitFor(() => expect(win.webContents.sent).toContainEqual({ channel: PUSH_IPC_CHANNEL, args: ['push:open-incident', { id: p0.id.toLowerCase() }] }));

    await f.ipc.invoke(f.appUrl, 'incidents:acknowledge', { id: p0.id });
    await vi.waitFor(() => expect(desktop.tray.controller.state().unacknowledged).toBe(0));
  });

  it('quits from the tray only after the server told its clients and drained', async () => {
    const f = fakes();
    const desktop = await started(f);
    const token = (await f.ipc.invoke(f.appUrl, 'token:reveal', {}) as { value: { token: string } }).value.token;
    const client = await TestClient.connect(`${desktop.core.address.url.replace(/^http/, 'ws')}/ws`, { headers: { authorization: `Bearer ${token}` } });
    cleanups.push(() => client.close());
    f.trays[0]!.choose('Quit');
    expect(f.app.quitted).toBe(0);
    expect(desktop.quit.isQuitting()).toBe(true);
    await desktop.quit.whenDrained();
    expect(client.frames.some((fr) => fr.type === 'closing' && fr.reason === 'shutdown')).toBe(true);
    expect(await client.waitClose()).toBe(1001);
    expect(f.app.quitted).toBe(1);
    expect(f.windows.made[0]!.close()).toBe(false);
  });

  it('quits gracefully when Windows ends the session', async () => {
    const f = fakes();
    const desktop = await started(f);
    f.windows.made[0]!.emit('session-end');
    expect(desktop.quit.isQuitting()).toBe(true);
    await desktop.quit.whenDrained();
    expect(f.app.quitted).toBe(1);
  });

  it('closes the core again when the control service cannot start', async () => {
    const f = fakes();
    let address = '';
    f.ports.createControl = ({ core }) => {
      address = core.address.url;
      throw new Error('ui-state.json is unreadable');
    };
    expect(await startDesktop(f.ports)).toBeNull();
    expect(f.errors).toEqual(['Incident Relay could not start: ui-state.json is unreadable']);
    expect(f.app.exitCode).toBe(1);
    await expect(fetch(`${address}/health`)).rejects.toThrow();
  });

  it('starts as a list of named steps, run in order', async () => {
    const f = fakes();
    const log = recordingLogger(f);
    await started(f);
    expect(log.filter((l) => l.msg === 'start-up step').map((l) => l.step)).toEqual([
      'single-instance', 'app-page', 'settings', 'secrets', 'notification-sink', 'core', 'quit', 'control', 'os-shutdown', 'escalation-watch',
      'ipc', 'window', 'pushes', 'tray-and-menu', 'show-window', 'updates',
    ]);
  });

  it('stops at a failing step: later steps never run, the core is closed again, the box names the reason and the log the step', async () => {
    const f = fakes();
    const log = recordingLogger(f);
    f.ports.createTray = () => {
      throw new Error('no StatusNotifier host');
    };
    expect(await startDesktop(f.ports)).toBeNull();
    expect(f.errors).toEqual(['Incident Relay could not start: no StatusNotifier host']);
    expect(f.app.exitCode).toBe(1);
    expect(log.filter((l) => l.msg === 'start-up failed')).toEqual([expect.objectContaining({ step: 'tray-and-menu', error: 'no StatusNotifier host' })]);
    const steps = log.filter((l) => l.msg === 'start-up step').map((l) => l.step);
    expect(steps.at(-1)).toBe('tray-and-menu');
    expect(f.windows.made.filter((w) => w.visible)).toHaveLength(0);
    const url = log.find((l) => l.msg === 'core listening')?.url;
    expect(typeof url).toBe('string');
    await expect(fetch(`${String(url)}/health`)).rejects.toThrow();
  });

  it('tells the user and exits when the configuration is invalid', async () => {
    const f = fakes();
    f.ports.env = { INCIDENT_RELAY_PORT: 'not-a-port' };
    expect(await startDesktop(f.ports)).toBeNull();
    expect(f.errors).toEqual([expect.stringMatching(/^Incident Relay could not start: .*port/)]);
    expect(f.app.exitCode).toBe(1);
    expect(f.windows.made).toHaveLength(0);
  });
});

describe('the desktop alert (issue 17)', () => {
  it('a P0 brings the window to the front, on top and flashing with a sound, until it is acknowledged; a P1 does not', async () => {
    const f = fakes();
    const desktop = await started(f);
    await desktop.tray.loaded;
    const win = f.windows.made[0]!;
    win.firstPaint();
    const p1 = incident({ severity: 'P1', title: 'Latency up' });
    await desktop.core.core.server.publish([created(p1)]);
    await vi.waitFor(() => expect(f.notifications.made).toHaveLength(1));
    expect([win.onTop, win.flashing, f.sounds.beeps]).toEqual([false, false, 0]);

    const p0 = incident({ severity: 'P0', title: 'Database down' });
    win.hide();
    await desktop.core.core.server.publish([created(p0)]);
    await vi.waitFor(() => expect(f.notifications.made).toHaveLength(2));
    await vi.waitFor(() => expect([win.onTop, win.flashing, win.visible]).toEqual([true, true, true]));
    expect(f.sounds.beeps).toBe(1);
    await vi.waitFor(() => expect(win.webContents.sent).toContainEqual({ channel: PUSH_IPC_CHANNEL, args: ['push:open-incident', { id: p0.id.toLowerCase() }] }));

    await f.ipc.invoke(f.appUrl, 'incidents:acknowledge', { id: p1.id });
    expect(win.onTop).toBe(true);
    await f.ipc.invoke(f.appUrl, 'incidents:acknowledge', { id: p0.id });
    await vi.waitFor(() => expect([win.onTop, win.flashing]).toEqual([false, false]));
  });

  it('with the channel degraded, the tray says so (line, tooltip, icon) and a P1 flashes the window with a sound', async () => {
    const f = fakes();
    f.notifications.supported = false;
    const desktop = await started(f);
    await desktop.tray.loaded;
    const tray = f.trays[0]!;
    const line = 'Notifications degraded: Electron reports notifications as not supported here; '
      + 'fix: start a notification daemon (dunst, mako) or a desktop environment that has one';
    await vi.waitFor(() => expect(tray.menu[1]).toEqual({ label: line, enabled: false }));
    expect(tray.tooltip).toBe('Incident Relay: nothing waiting · notifications degraded');
    expect(tray.icon).toEqual(renderTrayIcon('idle', 0, true));
    expect(renderTrayIcon('idle', 0, true)).not.toEqual(renderTrayIcon('idle', 0));

    const win = f.windows.made[0]!;
    win.firstPaint();
    await desktop.core.core.server.publish([created(incident({ severity: 'P1', title: 'Latency up' }))]);
    await vi.waitFor(() => expect(f.sounds.beeps).toBe(1));
    expect([win.flashing, win.onTop]).toEqual([true, false]);
    const p0 = incident({ severity: 'P0', title: 'Database down' });
    await desktop.core.core.server.publish([created(p0)]);
    await vi.waitFor(() => expect(f.sounds.beeps).toBe(2));
    expect(win.onTop).toBe(true);
    expect(f.notifications.made).toHaveLength(0);
  });
});
