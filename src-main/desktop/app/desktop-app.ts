// The desktop app's start-up as a list of named steps (setup-*.ts): instance, page, settings, secrets, core, control, UI.
import type { DesktopControl } from '../control/control-port.js';
import type { DesktopCore } from '../core/start-core.js';
import type { GracefulQuit } from '../core/graceful-quit.js';
import type { PushSender } from '../ipc/push-sender.js';
import { startsHidden } from '../settings/login-items.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { MainWindow } from '../window/main-window.js';
import type { DesktopPorts } from './desktop-ports.js';
import { setupControl, setupCore, setupEscalationWatch, setupNotificationSink, setupQuit, type QuitTargets } from './setup-core.js';
import { setupAppPage, setupSecrets, setupSettings, setupSingleInstance } from './setup-foundation.js';
import { setupIpc, setupPushes, setupTrayAndMenu, setupUpdates, setupWindow } from './setup-ui.js';
import { startRun } from './start-run.js';
import type { RunningTray } from './tray-wiring.js';

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

/**
 * Starts the app; resolves null when this is a second instance, the user declined a port, or a step failed (the
 * error box names the reason, the log the step; what had started is closed again and the app exits with 1).
 */
export async function startDesktop(ports: DesktopPorts): Promise<DesktopApp | null> {
  const run = startRun(ports);
  try {
    const slot = await run.step('single-instance', () => setupSingleInstance(ports));
    if (!slot) return null;
    const isAppPage = await run.step('app-page', () => setupAppPage(ports));
    const settings = await run.step('settings', () => setupSettings(ports));
    const secrets = await run.step('secrets', () => setupSecrets(ports, settings));
    const { sink, alert } = await run.step('notification-sink', () => setupNotificationSink(ports));
    const core = await run.step('core', () => setupCore(ports, settings, secrets, sink));
    if (!core) {
      ports.app.exit(0);
      return null;
    }
    run.undoOnFailure(() => core.close());
    const targets: QuitTargets = { core };
    const quit = await run.step('quit', () => setupQuit(ports, targets));
    const control = targets.control = await run.step('control', () => setupControl(ports, core, sink, secrets));
    run.undoOnFailure(() => control.close?.());
    await run.step('os-shutdown', () => quit.watchShutdown(ports.power));
    await run.step('escalation-watch', () => setupEscalationWatch(ports, core));
    await run.step('ipc', () => setupIpc(ports, control, isAppPage));
    const win = await run.step('window', () => setupWindow(ports, settings, quit, slot));
    const { pushes, focusIncident } = await run.step('pushes', () => setupPushes(ports, control, win, sink, alert));
    const tray = await run.step('tray-and-menu', () => setupTrayAndMenu(ports, control, settings, win, quit, focusIncident));
    await run.step('show-window', () => win.open({ show: !startsHidden(ports.argv, ports.loginItems) }));
    await run.step('updates', () => setupUpdates(ports));
    return { settings, core, control, window: win, tray, pushes, quit, focusIncident };
  } catch (err) {
    return run.fail(err);
  }
}
