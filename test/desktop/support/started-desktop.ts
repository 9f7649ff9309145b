// A desktop app started on fakes of every Electron module and the real core (in-memory journal, port 0), quit on cleanup.
import { join } from 'node:path';
import { startDesktop, type DesktopApp } from '../../../src-main/desktop/app/desktop-app.js';
import type { DesktopPorts } from '../../../src-main/desktop/app/desktop-ports.js';
import { createDesktopControl } from '../../../src-main/desktop/control/control-binding.js';
import { JsonFileBackend } from '../../../src-main/desktop/settings/json-file-backend.js';
import { createLogger } from '../../../src-main/server/telemetry/logger.js';
import {
  FakeApp, FakeIpcMain, FakeLoginItems, FakeNotifications, FakePower, FakeSafeStorage, FakeSession, FakeShell, FakeTray, windowFactory,
} from './fake-electron.js';

/**
 * Starts the desktop with its settings, secrets and data under `dir`; `overrides` replaces single ports (e.g. `ipc`,
 * `screen`, `argv`). The returned app is quit and drained by the function pushed onto `cleanups`.
 */
export async function startedDesktop(
  dir: string, cleanups: (() => Promise<unknown> | unknown)[], overrides: Partial<DesktopPorts> = {},
): Promise<DesktopApp> {
  const session = new FakeSession();
  const ports: DesktopPorts = {
    app: new FakeApp(true), createWindow: windowFactory().create, ipc: new FakeIpcMain(), shell: new FakeShell(), session,
    handleProtocol: (scheme, handler) => session.handleProtocol(scheme, handler), createTray: () => new FakeTray(), setApplicationMenu: () => undefined,
    notifications: new FakeNotifications(), power: new FakePower(), beep: () => undefined, promptPort: async () => null,
    showError: (title, message) => { throw new Error(`${title}: ${message}`); },
    settingsBackend: new JsonFileBackend(join(dir, 'settings.json')), safeStorage: new FakeSafeStorage(true), loginItems: new FakeLoginItems(),
    createControl: createDesktopControl,
    paths: { preload: join(dir, 'preload.cjs'), renderer: { indexFile: join(dir, 'index.html') }, dataDir: join(dir, 'data') },
    logger: createLogger('silent'), platform: 'linux', argv: ['electron', '.'],
    env: { INCIDENT_RELAY_JOURNAL: 'memory', INCIDENT_RELAY_PORT: '0' },
    ...overrides,
  };
  const desktop = await startDesktop(ports);
  if (!desktop) throw new Error('the desktop did not start (single-instance lock refused?)');
  cleanups.push(async () => {
    desktop.quit.requestQuit();
    await desktop.quit.whenDrained();
  });
  return desktop;
}
