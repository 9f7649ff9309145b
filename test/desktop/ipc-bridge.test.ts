// IPC: one wrapper registers the contract, refuses foreign frames and bad payloads before any handler runs; typed pushes.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BridgeError, CHANNEL_NAMES, DEFAULT_SETTINGS, type BridgeHandlers, type ChannelName, type IncidentSummary, type ServerStats,
} from '../../src-shared/bridge/index.js';
import { createExposedApi, PRELOAD_BRIDGE_KEY } from '../../src-main/desktop/ipc/preload-api.js';
import { createPreloadBridge } from '../../src-renderer/bridge/preload-bridge.js';
import { createPushSender } from '../../src-main/desktop/ipc/push-sender.js';
import { PUSH_IPC_CHANNEL } from '../../src-main/desktop/ipc/ipc-channel.js';
import { registerBridgeHandlers, type RejectReason } from '../../src-main/desktop/ipc/register-bridge.js';
import { createAppUrlCheck } from '../../src-main/desktop/window/app-url.js';
import { FakeIpcMain, FakeIpcRenderer, FakeWindow } from './support/fake-electron.js';
import { mainWindowOptions } from '../../src-main/desktop/window/window-options.js';

const INDEX = '/app/dist-renderer/index.html';
const APP_URL = 'app://bundle/index.html';
const INCIDENT_ID = '3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c';

/** Handlers that record every call; any channel not stubbed fails loudly. */
function recordingHandlers(stubs: Partial<BridgeHandlers> = {}) {
  const calls: { channel: ChannelName; request: unknown }[] = [];
  const handlers = Object.fromEntries(CHANNEL_NAMES.map((channel) => [channel, (request: unknown) => {
    calls.push({ channel, request });
    const stub = stubs[channel] as ((r: unknown) => unknown) | undefined;
    if (!stub) throw new Error(`unexpected call to ${channel}`);
    return stub(request);
  }])) as unknown as BridgeHandlers;
  return { handlers, calls };
}

/** The page's Bridge over the preload's exposed API, as main.tsx builds it (no contextBridge copy here; see bridge-errors-across-worlds). */
const createPreloadApi = (ipc: FakeIpcRenderer, warn?: (m: string) => void) => createPreloadBridge(createExposedApi(ipc), warn ? { warn } : undefined);

function setup(stubs: Partial<BridgeHandlers> = {}) {
  const ipc = new FakeIpcMain();
  const { handlers, calls } = recordingHandlers(stubs);
  const rejected: { channel: string; reason: RejectReason }[] = [];
  const handlerErrors: unknown[] = [];
  const dispose = registerBridgeHandlers(ipc, handlers, {
    isTrustedSender: createAppUrlCheck({ indexFile: INDEX }),
    onRejected: (channel, reason) => rejected.push({ channel, reason }),
    onHandlerError: (_channel, err) => handlerErrors.push(err),
  });
  return { ipc, calls, rejected, handlerErrors, dispose };
}

const summary: IncidentSummary = {
  incident: {
    id: INCIDENT_ID, created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-01T00:00:00Z', state: 'Investigating', severity: 'P1',
    incident_type: 'Application', source: 'test', title: 'API down', description: 'd', affected_resources: [], labels: {}, assignees: [],
  },
  acknowledgedAt: '2025-01-01T00:01:00Z', acknowledgedBy: 'me', snoozedUntil: null, lastEventAt: '2025-01-01T00:01:00Z', eventCount: 2,
};

describe('the IPC wrapper', () => {
  it('registers exactly one handler per contract channel, and removes them all', () => {
    const { ipc, dispose } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
    dispose();
    expect(ipc.handlers.size).toBe(0);
  });

  it('refuses calls from frames that are not the app, before any handler runs', async () => {
    const { ipc, calls, rejected } = setup({ 'settings:get': () => DEFAULT_SETTINGS });
    for (const url of ['https://evil.example/', 'file:///tmp/index.html', 'http://localhost:5173/', 'about:blank', 'devtools://devtools/bundled/x.html', null]) {
      expect(await ipc.invoke(url, 'settings:get', {})).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    }
    expect(calls).toEqual([]);
    expect(rejected.every((r) => r.reason === 'unknown_sender')).toBe(true);
    expect(rejected).toHaveLength(6);
  });

  it('refuses malformed payloads before any handler runs', async () => {
    const { ipc, calls, rejected } = setup({
      'incidents:acknowledge': () => summary, 'incidents:snooze': () => summary, 'subscriptions:create': () => { throw new Error('unreachable'); },
    });
    const bad: [ChannelName, unknown[]][] = [
      ['incidents:acknowledge', [{ id: 'not-a-uuid' }]],
      ['incidents:acknowledge', ['a string']],
      ['incidents:acknowledge', [{}]],
      ['incidents:snooze', [{ id: INCIDENT_ID, minutes: 0 }]],
      ['incidents:snooze', [{ id: INCIDENT_ID, minutes: 60 * 24 + 1 }]],
      ['subscriptions:create', [{ name: '', filters: {}, notify: true }]],
      ['subscriptions:create', [{ name: 'x', filters: { severities: ['P9'] }, notify: true }]],
      ['incidents:acknowledge', [{ id: INCIDENT_ID }, 'a second argument']],
    ];
    for (const [channel, args] of bad) {
      const r = await ipc.invoke(APP_URL, channel, ...args);
      expect(r, `${channel} ${JSON.stringify(args)}`).toMatchObject({ ok: false, error: { code: 'invalid_message', message: expect.any(String) } });
    }
    expect(calls).toEqual([]);
    expect(rejected).toHaveLength(bad.length);
  });

  it('hands the parsed request, defaults applied, to the handler', async () => {
    const { ipc, calls } = setup({ 'incidents:list': () => ({ incidents: [summary] }), 'incidents:acknowledge': () => summary });
    expect(await ipc.invoke(APP_URL, 'incidents:list', {})).toEqual({ ok: true, value: { incidents: [summary] } });
    expect(await ipc.invoke(APP_URL, 'incidents:acknowledge', { id: INCIDENT_ID, extra: 'dropped' })).toEqual({ ok: true, value: summary });
    expect(calls).toEqual([
      { channel: 'incidents:list', request: { includeResolved: false } },
      { channel: 'incidents:acknowledge', request: { id: INCIDENT_ID } },
    ]);
  });

  it('answers handler failures with their code; unexpected errors are reported as internal', async () => {
    const { ipc, handlerErrors } = setup({
      'incidents:get': () => { throw new BridgeError('not_found', 'no incident'); },
      'server:status': () => { throw new TypeError('boom'); },
    });
    expect(await ipc.invoke(APP_URL, 'incidents:get', { id: INCIDENT_ID })).toEqual({ ok: false, error: { code: 'not_found', message: 'no incident' } });
    expect(await ipc.invoke(APP_URL, 'server:status', {})).toEqual({ ok: false, error: { code: 'internal_error', message: 'boom' } });
    expect(handlerErrors).toHaveLength(1);
  });
});

describe('the preload bridge over IPC', () => {
  it('exposes the contract as named methods that reach the handlers', async () => {
    const { ipc, calls } = setup({ 'incidents:acknowledge': () => summary, 'settings:get': () => DEFAULT_SETTINGS });
    const bridge = createPreloadApi(new FakeIpcRenderer(ipc, APP_URL));
    for (const channel of CHANNEL_NAMES) {
      const [domain, verb] = channel.split(':') as [string, string];
      expect(typeof (bridge as unknown as Record<string, Record<string, unknown>>)[domain]![verb], channel).toBe('function');
    }
    expect(await bridge.incidents.acknowledge({ id: INCIDENT_ID })).toEqual(summary);
    expect(await bridge.settings.get()).toEqual(DEFAULT_SETTINGS);
    expect(calls.map((c) => c.channel)).toEqual(['incidents:acknowledge', 'settings:get']);
    expect(bridge.connection().state).toBe('connected');
    expect(PRELOAD_BRIDGE_KEY).toBe('incidentRelay');
  });

  it('turns refusals back into BridgeErrors with their code', async () => {
    const { ipc } = setup({ 'incidents:get': () => { throw new BridgeError('not_found', 'no incident'); } });
    const bridge = createPreloadApi(new FakeIpcRenderer(ipc, APP_URL));
    await expect(bridge.incidents.get({ id: INCIDENT_ID })).rejects.toMatchObject({ name: 'BridgeError', code: 'not_found', message: 'no incident' });
    const foreign = createPreloadApi(new FakeIpcRenderer(ipc, 'https://evil.example/'));
    await expect(foreign.incidents.get({ id: INCIDENT_ID })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('delivers valid pushes to listeners and drops invalid ones', () => {
    const renderer = new FakeIpcRenderer(new FakeIpcMain(), APP_URL);
    const warnings: string[] = [];
    const bridge = createPreloadApi(renderer, (m) => warnings.push(m));
    const seen: ServerStats[] = [];
    const stop = bridge.on('push:stats', (s) => seen.push(s));
    const stats: ServerStats = { connectedClients: 1, activeSubscriptions: 2, eventsPublished: 3, deliveries: 4, eventsPerMinute: [1, 2], activeIncidents: 1 };
    renderer.deliver(PUSH_IPC_CHANNEL, 'push:stats', stats);
    renderer.deliver(PUSH_IPC_CHANNEL, 'push:stats', { connectedClients: -1 });
    stop();
    renderer.deliver(PUSH_IPC_CHANNEL, 'push:stats', stats);
    expect(seen).toEqual([stats]);
    expect(warnings).toHaveLength(1);
  });
});

describe('main → renderer pushes', () => {
  it('go to every live window and skip destroyed ones', () => {
    const live = new FakeWindow(mainWindowOptions('/p.cjs', { width: 800, height: 600 }));
    const closed = new FakeWindow(mainWindowOptions('/p.cjs', { width: 800, height: 600 }));
    closed.destroyed = true;
    const crashed = new FakeWindow(mainWindowOptions('/p.cjs', { width: 800, height: 600 }));
    crashed.webContents.destroyed = true;
    const pushes = createPushSender(() => [live, closed, crashed, undefined]);
    const stats: ServerStats = { connectedClients: 0, activeSubscriptions: 0, eventsPublished: 0, deliveries: 0, eventsPerMinute: [], activeIncidents: 0 };
    expect(pushes.send('push:stats', stats)).toBe(1);
    expect(pushes.forward({ event: 'push:settings', payload: DEFAULT_SETTINGS })).toBe(1);
    expect(live.webContents.sent).toEqual([
      { channel: PUSH_IPC_CHANNEL, args: ['push:stats', stats] },
      { channel: PUSH_IPC_CHANNEL, args: ['push:settings', DEFAULT_SETTINGS] },
    ]);
  });
});

describe('the IPC convention', () => {
  const root = join(import.meta.dirname, '..', '..', 'src-main', 'desktop');
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
  const sources = files(root).map((f) => ({ file: relative(root, f).split('\\').join('/'), text: readFileSync(f, 'utf8') }));

  it('has no raw ipcMain listener outside the wrapper', () => {
    expect(sources.length).toBeGreaterThan(10);
    const raw = /\bipcMain\s*\.\s*(handle|handleOnce|on|once|addListener|prependListener)\s*\(/;
    expect(sources.filter((s) => raw.test(s.text)).map((s) => s.file)).toEqual([]);
    const anyHandle = /(?<!\bprotocol)\.\s*handle(Once)?\s*\(/;
    expect(sources.filter((s) => anyHandle.test(s.text)).map((s) => s.file)).toEqual(['ipc/register-bridge.ts']);
    // The app:// scheme's handler is registered in the adapter only (it serves files, it answers no IPC).
    expect(sources.filter((s) => /\bprotocol\.handle\s*\(/.test(s.text)).map((s) => s.file)).toEqual(['electron-ports.ts']);
  });

  it('imports Electron only in the entry points and the adapters, so everything else runs under Node', () => {
    const electronImport = /from\s+'electron(-store)?'/;
    expect(sources.filter((s) => electronImport.test(s.text)).map((s) => s.file).sort())
      .toEqual(['electron-ports.ts', 'main.ts', 'preload.ts', 'settings/electron-store-backend.ts']);
    const preload = sources.find((s) => s.file === 'preload.ts')!.text;
    expect(preload).toMatch(/import \{ contextBridge, ipcRenderer \} from 'electron'/);
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
  });
});
