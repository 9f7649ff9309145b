// Start-up steps of what the user sees: IPC handlers, the window, pushes to it, the tray and menu, updates.
import type { NotificationSink } from '../../notify/index.js';
import type { DesktopControl } from '../control/control-port.js';
import type { GracefulQuit } from '../core/graceful-quit.js';
import { createPushSender, type PushSender } from '../ipc/push-sender.js';
import type { DesktopAlert } from '../notify/desktop-alert.js';
import { registerBridgeHandlers } from '../ipc/register-bridge.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { startAutoUpdate } from '../update/auto-update.js';
import { MainWindow } from '../window/main-window.js';
import { appMenu } from './app-menu.js';
import type { DesktopPorts } from './desktop-ports.js';
import type { AppPageCheck, WindowSlot } from './setup-foundation.js';
import { ONE_HOUR_MINUTES, snoozeAllNotifications } from './snooze.js';
import { startTray, type RunningTray } from './tray-wiring.js';

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export interface WindowPushes {
  pushes: PushSender;
  /** Shows the window and tells the UI to open the incident. */
  focusIncident(id: string): void;
}

/** Every channel's handler, reachable only from the app's own page. */
export function setupIpc({ ipc, logger }: Pick<DesktopPorts, 'ipc' | 'logger'>, control: DesktopControl, isAppPage: AppPageCheck): void {
  registerBridgeHandlers(ipc, control.handlers, {
    isTrustedSender: isAppPage,
    onRejected: (channel, reason, detail) => logger.warn('IPC call refused', { channel, reason, detail }),
    onHandlerError: (channel, err) => logger.error('IPC handler failed', { channel, error: message(err) }),
  });
}

/** The main window (not shown yet); closing the last one quits unless the app lives in the tray. */
export function setupWindow(ports: Pick<DesktopPorts, 'app' | 'createWindow' | 'shell' | 'paths' | 'logger'>, store: SettingsStore, quit: GracefulQuit, slot: WindowSlot): MainWindow {
  const win = new MainWindow({
    create: ports.createWindow, shell: ports.shell, preloadPath: ports.paths.preload, renderer: ports.paths.renderer,
    bounds: () => store.get().window,
    closeToTray: () => store.get().closeToTray,
    isQuitting: () => quit.isQuitting(),
    onSessionEnd: () => quit.requestQuit(),
    onBounds: ({ width, height, maximized }) => store.update((s) => ({ ...s, window: { width, height, maximized } })),
    onLog: (m) => ports.logger.info(m),
  });
  slot.current = win;
  ports.app.on('window-all-closed', () => {
    if (!store.get().closeToTray) quit.requestQuit();
  });
  return win;
}

/** The control service's pushes go to the window; a notification's click opens its incident there. */
export function setupPushes({ logger }: Pick<DesktopPorts, 'logger'>, control: DesktopControl, win: MainWindow, sink: NotificationSink, alert: DesktopAlert): WindowPushes {
  const pushes = createPushSender(() => [win.current()], (err) => logger.warn('push failed', { error: message(err) }));
  control.onPush((push) => pushes.forward(push));
  const focusIncident = (id: string): void => {
    win.showAndFocus();
    void win.whenReady().then(() => pushes.send('push:open-incident', { id }));
  };
  sink.onActivation?.((a) => {
    if (a.action === 'open') focusIncident(a.incidentId);
  });
  alert.attach({ window: () => win.current(), bringToFront: focusIncident });
  control.onPush((push) => { if (push.event === 'push:incidents') alert.observe(push.payload.incidents); });
  return { pushes, focusIncident };
}

export function setupTrayAndMenu(
  ports: DesktopPorts, control: DesktopControl, store: SettingsStore, win: MainWindow, quit: GracefulQuit, focusIncident: (id: string) => void,
): RunningTray {
  const snooze = (): void => {
    snoozeAllNotifications(control.handlers, ONE_HOUR_MINUTES).catch((err: unknown) => ports.logger.warn('snooze failed', { error: message(err) }));
  };
  const tray = startTray({ ports, control, store, logger: ports.logger, actions: {
    openIncident: focusIncident, snoozeOneHour: snooze, open: () => win.showAndFocus(), quit: () => quit.requestQuit(),
  } });
  ports.setApplicationMenu(appMenu(ports.platform, { open: () => win.showAndFocus(), snoozeOneHour: snooze, quit: () => quit.requestQuit() }));
  return tray;
}

/** Checks for updates when this build updates itself; a failure is logged, never fatal. */
export function setupUpdates({ updater, logger }: Pick<DesktopPorts, 'updater' | 'logger'>): void {
  if (updater) startAutoUpdate({ ...updater, logger }).catch((err: unknown) => logger.warn('updates could not start', { error: message(err) }));
}
