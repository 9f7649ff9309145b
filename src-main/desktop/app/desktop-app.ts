// The desktop app's start-up, in order: single instance, settings, core, control, IPC, window, tray, graceful quit.
import { dirname } from 'node:path';
import type { DesktopControl } from '../control/control-port.js';
import { configFileArg, desktopConfig } from '../core/desktop-config.js';
import { GracefulQuit } from '../core/graceful-quit.js';
import { startCore, type DesktopCore } from '../core/start-core.js';
import { createPushSender, type PushSender } from '../ipc/push-sender.js';
import { registerBridgeHandlers } from '../ipc/register-bridge.js';
import { createElectronSink } from '../notify/electron-notification-sink.js';
import { DesktopAlert, withDesktopAlert } from '../notify/desktop-alert.js';
import { openReadToken, type ReadToken } from '../control/read-token.js';
import { openPublishToken, startPublishToken, type PublishTokenSource } from '../control/sealed-publish-token.js';
import { startsHidden } from '../settings/login-items.js';
import { SecretStore } from '../settings/secret-store.js';
import { SettingsStore } from '../settings/settings-store.js';
import { applyPermissionPolicy } from '../security/permissions.js';
import { APP_SCHEME, createAppProtocolHandler } from '../window/app-protocol.js';
import { createAppUrlCheck } from '../window/app-url.js';
import { MainWindow } from '../window/main-window.js';
import { startAutoUpdate } from '../update/auto-update.js';
import { appMenu } from './app-menu.js';
import type { DesktopPorts } from './desktop-ports.js';
import { ONE_HOUR_MINUTES, snoozeAllNotifications } from './snooze.js';
import { startTray, type RunningTray } from './tray-wiring.js';

export interface DesktopApp {
  settings: SettingsStore;
  core: DesktopCore;
  control: DesktopControl;
  window: MainWindow;
  tray: RunningTray;
  pushes: PushSender;
  quit: GracefulQuit;
  /** Shows the window and tells the UI to open the incident. */
  focusIncident(id: string): void;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Starts the app; resolves null when this is a second instance, the user declined a port, or start-up failed. */
export async function startDesktop(ports: DesktopPorts): Promise<DesktopApp | null> {
  const { app, logger } = ports;
  if (!app.requestSingleInstanceLock()) {
    logger.info('Incident Relay is already running; the first instance takes the focus');
    app.quit();
    return null;
  }
  // A second launch or a dock click before the window exists (still starting) does nothing.
  const windowRef: { current?: MainWindow } = {};
  app.on('second-instance', () => windowRef.current?.showAndFocus());
  app.on('activate', () => windowRef.current?.showAndFocus());
  await app.whenReady();
  const isAppPage = createAppUrlCheck(ports.paths.renderer);
  applyPermissionPolicy(ports.session, { isAppPage, onDenied: (permission, url) => logger.info('permission denied', { permission, url: url.slice(0, 200) }) });
  ports.handleProtocol(APP_SCHEME, createAppProtocolHandler(dirname(ports.paths.renderer.indexFile)));

  const { store, report } = SettingsStore.open(ports.settingsBackend);
  if (report.recovered) logger.warn('settings file unusable; started with defaults', { reason: report.recovered.reason, keptAt: report.recovered.keptAt });
  if (report.migrated.length > 0) logger.info('settings migrated', { migrations: report.migrated });
  if (report.writeError) logger.warn('settings cannot be saved', { error: report.writeError });

  const secrets = new SecretStore(ports.safeStorage, store, ports.secretBackend);
  secrets.onUnreadable = (name) => logger.warn('a stored secret can no longer be decrypted; enter it again', { name });
  let tokenSource: PublishTokenSource = { kind: 'file' };
  try {
    tokenSource = openPublishToken(secrets, ports.paths.dataDir);
  } catch (err) {
    logger.warn('the publish token cannot be sealed; using the token file', { error: message(err) });
  }
  if (tokenSource.kind === 'locked') logger.warn('the sealed publish token cannot be opened yet; waiting for the OS keychain (publishers are refused meanwhile)', { reason: tokenSource.reason });
  if (tokenSource.kind === 'keychain' && tokenSource.movedFromFile) logger.info('the publish token moved from its file into the OS keychain (unchanged)');
  const publishToken = { source: tokenSource, startToken: startPublishToken(tokenSource) };
  let readToken: ReadToken | undefined;
  try {
    readToken = openReadToken(secrets, ports.paths.dataDir);
  } catch (err) {
    logger.warn('the read token cannot be kept; reads need another token this run', { error: message(err) });
  }

  let core: DesktopCore | null;
  // P0 pages and notifications the OS could not show also alert in the app: window flash, sound, on top until acknowledged.
  const alert = new DesktopAlert({ beep: () => ports.beep() });
  const sink = withDesktopAlert(createElectronSink({ notifications: ports.notifications, platform: ports.platform, onError: (err) => logger.warn('notification error', { error: message(err) }) }), alert);
  try {
    const configFile = configFileArg(ports.argv);
    const config = desktopConfig({
      settingsPort: store.get().server.port, dataDir: ports.paths.dataDir, env: ports.env, publishToken: publishToken.startToken,
      ...(readToken ? { readToken: readToken.token } : {}), ...(configFile ? { configFile } : {}),
    });
    core = await startCore({
      config, logger, sink, prompt: ports.promptPort,
      onRememberPort: (port) => store.update((s) => ({ ...s, server: { port } })),
    });
  } catch (err) {
    ports.showError('Incident Relay could not start', message(err));
    app.exit(1);
    return null;
  }
  if (!core) {
    app.exit(0);
    return null;
  }
  const started = core;
  logger.info('core listening', { url: started.address.url });

  let control: DesktopControl | undefined;
  const quit = new GracefulQuit({
    app,
    drain: async () => {
      await control?.close?.();
      await started.close();
    },
    onLog: (m) => logger.info(m),
  });
  try {
    control = await ports.createControl({ core: started, sink, secrets, publishToken, ...(readToken ? { readToken: readToken.token } : {}), logger });
  } catch (err) {
    ports.showError('Incident Relay could not start', message(err));
    await started.close();
    app.exit(1);
    return null;
  }
  const ui = control;
  quit.watchShutdown(ports.power);

  registerBridgeHandlers(ports.ipc, ui.handlers, {
    isTrustedSender: isAppPage,
    onRejected: (channel, reason, detail) => logger.warn('IPC call refused', { channel, reason, detail }),
    onHandlerError: (channel, err) => logger.error('IPC handler failed', { channel, error: message(err) }),
  });

  const win = new MainWindow({
    create: ports.createWindow, shell: ports.shell, preloadPath: ports.paths.preload, renderer: ports.paths.renderer,
    bounds: () => store.get().window,
    closeToTray: () => store.get().closeToTray,
    isQuitting: () => quit.isQuitting(),
    onSessionEnd: () => quit.requestQuit(),
    onBounds: ({ width, height, maximized }) => store.update((s) => ({ ...s, window: { width, height, maximized } })),
    onLog: (m) => logger.info(m),
  });
  windowRef.current = win;
  app.on('window-all-closed', () => {
    if (!store.get().closeToTray) quit.requestQuit();
  });
  const pushes = createPushSender(() => [win.current()], (err) => logger.warn('push failed', { error: message(err) }));
  ui.onPush((push) => pushes.forward(push));

  const focusIncident = (id: string): void => {
    win.showAndFocus();
    void win.whenReady().then(() => pushes.send('push:open-incident', { id }));
  };
  sink.onActivation?.((a) => {
    if (a.action === 'open') focusIncident(a.incidentId);
  });
  alert.attach({ window: () => win.current(), bringToFront: focusIncident });
  ui.onPush((push) => { if (push.event === 'push:incidents') alert.observe(push.payload.incidents); });
  const snooze = (): void => {
    snoozeAllNotifications(ui.handlers, ONE_HOUR_MINUTES).catch((err: unknown) => logger.warn('snooze failed', { error: message(err) }));
  };
  const tray = startTray({ ports, control: ui, store, logger, actions: {
    openIncident: focusIncident, snoozeOneHour: snooze, open: () => win.showAndFocus(), quit: () => quit.requestQuit(),
  } });
  ports.setApplicationMenu(appMenu(ports.platform, { open: () => win.showAndFocus(), snoozeOneHour: snooze, quit: () => quit.requestQuit() }));
  win.open({ show: !startsHidden(ports.argv, ports.loginItems) });
  if (ports.updater) startAutoUpdate({ ...ports.updater, logger }).catch((err: unknown) => logger.warn('updates could not start', { error: message(err) }));
  return { settings: store, core: started, control: ui, window: win, tray, pushes, quit, focusIncident };
}
