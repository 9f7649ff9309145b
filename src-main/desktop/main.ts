// Electron main entry: names the app, builds the real ports and starts the desktop app; signals quit gracefully.
import { join } from 'node:path';
import { app, dialog, protocol } from 'electron';
import { createLogger, type LogLevel } from '../server/index.js';
import { startDesktop } from './app/desktop-app.js';
import { createDesktopControl } from './control/control-binding.js';
import { electronPorts } from './electron-ports.js';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES } from './window/app-protocol.js';

/** Must match `appId` in electron-builder.yml: Windows shows notifications only for a registered AppUserModelID. */
export const APP_ID = 'com.incidentrelay.desktop';

app.setName('Incident Relay');
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
// Before `ready`, as Electron requires: the renderer is served from app://bundle (window/app-protocol.ts).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);

const LOG_LEVELS: readonly string[] = ['debug', 'info', 'warn', 'error', 'silent'] satisfies LogLevel[];
const requestedLevel = process.env.INCIDENT_RELAY_LOG_LEVEL ?? 'info';
const logger = createLogger(LOG_LEVELS.includes(requestedLevel) ? (requestedLevel as LogLevel) : 'info');
const here = import.meta.dirname; // dist/src-main/desktop
const devServerUrl = app.isPackaged ? undefined : process.env.INCIDENT_RELAY_DEV_SERVER_URL;

const ports = electronPorts({
  logger,
  createControl: createDesktopControl,
  preload: join(here, 'preload.cjs'),
  renderer: { indexFile: join(here, '..', '..', '..', 'dist-renderer', 'index.html'), ...(devServerUrl ? { devServerUrl } : {}) },
  dataDir: join(app.getPath('userData'), 'data'),
});

startDesktop(ports).then((desktop) => {
  if (!desktop) return;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => desktop.quit.requestQuit());
}, (err: unknown) => {
  logger.error('start-up failed', { error: err instanceof Error ? err.stack ?? err.message : String(err) });
  dialog.showErrorBox('Incident Relay could not start', err instanceof Error ? err.message : String(err));
  app.exit(1);
});
