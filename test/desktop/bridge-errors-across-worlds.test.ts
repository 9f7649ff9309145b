// A failed call reaches the desktop page as the same typed BridgeError as in the browser, through contextBridge's copy rules.
import { afterEach, describe, expect, it } from 'vitest';
import {
  BridgeError, CHANNEL_NAMES, PRELOAD_BRIDGE_KEY, type Bridge, type BridgeHandlers, type ChannelName, type ExposedBridge,
} from '../../src-shared/bridge/index.js';
import { PUSH_IPC_CHANNEL } from '../../src-main/desktop/ipc/ipc-channel.js';
import { createExposedApi } from '../../src-main/desktop/ipc/preload-api.js';
import { createPushSender } from '../../src-main/desktop/ipc/push-sender.js';
import { registerBridgeHandlers } from '../../src-main/desktop/ipc/register-bridge.js';
import { createAppUrlCheck } from '../../src-main/desktop/window/app-url.js';
import { mainWindowOptions } from '../../src-main/desktop/window/window-options.js';
import { readPreloadBridge } from '../../src-renderer/bridge/preload-bridge.js';
import { createWebBridge, type WebBridge } from '../../src-renderer/bridge/web-bridge.js';
import { browserLikeCookies, startControlServer, type ControlServer } from '../renderer/support/control-server.js';
import { fakeContextBridge } from './support/fake-context-bridge.js';
import { FakeIpcMain, FakeIpcRenderer, FakeWindow } from './support/fake-electron.js';

const INDEX = '/app/dist-renderer/index.html';
const APP_URL = 'app://bundle/index.html';
const INCIDENT_ID = '3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c';
const NAME_TAKEN = new BridgeError('invalid_message', 'name: already used by another subscription', {
  issues: [{ path: ['name'], message: 'already used by another subscription' }],
});

/** The same handlers behind both transports; every one of them fails in its own way. */
const HANDLERS: Partial<BridgeHandlers> = {
  'incidents:get': ({ id }) => {
    throw new BridgeError('not_found', `no incident ${id}`);
  },
  'subscriptions:create': () => {
    throw NAME_TAKEN;
  },
  'token:rotate': () => {
    throw new BridgeError('conflict', 'the publish token is set in the configuration');
  },
  'server:stats': () => {
    throw new TypeError('stats exploded');
  },
};

function fullHandlers(stubs: Partial<BridgeHandlers>): BridgeHandlers {
  return Object.fromEntries(CHANNEL_NAMES.map((channel: ChannelName) => [channel, stubs[channel] ?? (() => {
    throw new Error(`unexpected call to ${channel}`);
  })])) as unknown as BridgeHandlers;
}

/** The desktop path: main's handlers → IPC → the preload's exposed API → contextBridge copy → the page's Bridge. */
function desktopPage(frameUrl = APP_URL) {
  const ipc = new FakeIpcMain();
  registerBridgeHandlers(ipc, fullHandlers(HANDLERS), { isTrustedSender: createAppUrlCheck({ indexFile: INDEX }) });
  const renderer = new FakeIpcRenderer(ipc, frameUrl);
  const contextBridge = fakeContextBridge();
  contextBridge.exposeInMainWorld(PRELOAD_BRIDGE_KEY, createExposedApi(renderer));
  const bridge = readPreloadBridge(contextBridge.mainWorld, { warn: () => undefined });
  if (!bridge) throw new Error('the page found no preload bridge');
  return { bridge, renderer, mainWorld: contextBridge.mainWorld };
}

const servers: ControlServer[] = [];
const webBridges: WebBridge[] = [];
afterEach(async () => {
  for (const b of webBridges.splice(0)) b.stop();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** The browser path: the same handlers behind `POST /control/<channel>` on 127.0.0.1. */
async function webPage(): Promise<Bridge> {
  const server = await startControlServer(HANDLERS, { codes: new Set(['code-1']) });
  servers.push(server);
  const bridge = createWebBridge({ baseUrl: server.baseUrl, ...browserLikeCookies(), reporter: { warn: () => undefined } });
  webBridges.push(bridge);
  await bridge.login('code-1');
  return bridge;
}

/** What a view can read from a failed call. */
async function refusal(call: Promise<unknown>) {
  const err = await call.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(BridgeError);
  const e = err as BridgeError;
  return { name: e.name, code: e.code, message: e.message, details: e.details };
}

const FAILING_CALLS: [string, (b: Bridge) => Promise<unknown>][] = [
  ['not found', (b) => b.incidents.get({ id: INCIDENT_ID })],
  ['refused with field details', (b) => b.subscriptions.create({ name: 'Pages', filters: {}, notify: true })],
  ['conflict', (b) => b.token.rotate()],
  ['handler bug', (b) => b.server.stats()],
  ['refused by the page\'s own schema check', (b) => b.incidents.snooze({ id: 'not-a-uuid', minutes: 0 })],
];

describe('contextBridge (the fake follows Electron\'s documented copy rules)', () => {
  it('drops an Error\'s code and class, which is why nothing the preload exposes may reject', async () => {
    const contextBridge = fakeContextBridge();
    contextBridge.exposeInMainWorld('probe', { fail: async () => { throw new BridgeError('not_found', 'gone'); } });
    const err = await (contextBridge.mainWorld.probe as { fail(): Promise<void> }).fail().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(BridgeError);
    expect(err).toMatchObject({ message: 'gone' });
    expect((err as { code?: unknown }).code).toBeUndefined();
  });
});

describe('a failed bridge call in the desktop page', () => {
  it('is a BridgeError with the code, message and field details the handler gave', async () => {
    const { bridge } = desktopPage();
    expect(await refusal(bridge.incidents.get({ id: INCIDENT_ID }))).toEqual({
      name: 'BridgeError', code: 'not_found', message: `no incident ${INCIDENT_ID}`, details: undefined,
    });
    expect(await refusal(bridge.subscriptions.create({ name: 'Pages', filters: {}, notify: true }))).toEqual({
      name: 'BridgeError', code: 'invalid_message', message: NAME_TAKEN.message, details: NAME_TAKEN.details,
    });
    expect(await refusal(bridge.server.stats())).toMatchObject({ code: 'internal_error', message: 'stats exploded' });
  });

  it('is the same BridgeError the web transport delivers for the same handler', async () => {
    const desktop = desktopPage().bridge;
    const web = await webPage();
    for (const [what, call] of FAILING_CALLS) {
      const fromDesktop = await refusal(call(desktop));
      expect(fromDesktop.code, what).not.toBe('invalid_response');
      expect(fromDesktop, what).toEqual(await refusal(call(web)));
    }
  });

  it('carries schema issues as field paths, whichever side refused the request', async () => {
    const { bridge } = desktopPage();
    const local = await refusal(bridge.incidents.snooze({ id: 'not-a-uuid', minutes: 0 }));
    expect(local.code).toBe('invalid_message');
    expect(local.details?.issues.map((i) => i.path)).toEqual([['id'], ['minutes']]);
    // Main checks again: a raw call that skips the page's check is refused with the same details.
    const { mainWorld } = desktopPage();
    const raw = await (mainWorld[PRELOAD_BRIDGE_KEY] as ExposedBridge).incidents.snooze({ id: 'not-a-uuid', minutes: 0 });
    expect(raw).toMatchObject({ ok: false, error: { code: 'invalid_message', details: { issues: [{ path: ['id'] }, { path: ['minutes'] }] } } });
  });

  it('from a foreign frame is forbidden, and an IPC failure is unavailable, never a bare Error', async () => {
    const foreign = desktopPage('https://evil.example/').bridge;
    expect(await refusal(foreign.incidents.get({ id: INCIDENT_ID }))).toMatchObject({ code: 'forbidden' });
    const ipc = new FakeIpcMain(); // no handlers registered yet: ipcRenderer.invoke rejects
    const contextBridge = fakeContextBridge();
    contextBridge.exposeInMainWorld(PRELOAD_BRIDGE_KEY, createExposedApi(new FakeIpcRenderer(ipc, APP_URL)));
    const early = readPreloadBridge(contextBridge.mainWorld)!;
    expect(await refusal(early.incidents.get({ id: INCIDENT_ID }))).toMatchObject({ code: 'unavailable', message: expect.stringContaining('No handler') });
  });

  it('a page without the preload gets no bridge; a foreign object under the key is refused', () => {
    expect(readPreloadBridge({})).toBeUndefined();
    expect(() => readPreloadBridge({ [PRELOAD_BRIDGE_KEY]: { incidents: {} } })).toThrow(/not the preload's bridge/);
  });
});

describe('pushes into the desktop page', () => {
  it('push:open-incident goes from main\'s push sender through the preload to the page\'s listener', () => {
    const { bridge, renderer } = desktopPage();
    const win = new FakeWindow(mainWindowOptions('/p.cjs', { width: 800, height: 600 }));
    const pushes = createPushSender(() => [win]);
    const opened: string[] = [];
    const stop = bridge.on('push:open-incident', ({ id }) => opened.push(id));

    expect(pushes.send('push:open-incident', { id: INCIDENT_ID })).toBe(1);
    for (const sent of win.webContents.sent) renderer.deliver(sent.channel, ...sent.args);
    renderer.deliver(PUSH_IPC_CHANNEL, 'push:open-incident', { id: 'not-a-uuid' }); // invalid: dropped by the page
    stop();
    renderer.deliver(PUSH_IPC_CHANNEL, 'push:open-incident', { id: INCIDENT_ID });
    expect(opened).toEqual([INCIDENT_ID]);
  });
});
