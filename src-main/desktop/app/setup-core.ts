// Start-up steps of the running part: the notification sink, the core on its port, graceful quit, the control service.
import type { NotificationSink } from '../../notify/index.js';
import type { DesktopControl } from '../control/control-port.js';
import { configFileArg, desktopConfig } from '../core/desktop-config.js';
import { GracefulQuit } from '../core/graceful-quit.js';
import { startCore, type DesktopCore } from '../core/start-core.js';
import { watchIdle } from '../core/idle-watch.js';
import { createElectronSink } from '../notify/electron-notification-sink.js';
import { DesktopAlert, withDesktopAlert } from '../notify/desktop-alert.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { DesktopPorts } from './desktop-ports.js';
import type { DesktopSecrets } from './setup-foundation.js';

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** What a quit drains: the control service once it exists, then the core. */
export interface QuitTargets { core: DesktopCore; control?: DesktopControl }

export interface DesktopNotifications {
  sink: NotificationSink;
  /** P0 pages and notifications the OS could not show also alert in the app: window flash, sound, on top until acknowledged. */
  alert: DesktopAlert;
}

export function setupNotificationSink({ notifications, platform, logger, beep }: Pick<DesktopPorts, 'notifications' | 'platform' | 'logger' | 'beep'>): DesktopNotifications {
  const alert = new DesktopAlert({ beep: () => beep() });
  const sink = withDesktopAlert(createElectronSink({ notifications, platform, onError: (err) => logger.warn('notification error', { error: message(err) }) }), alert);
  return { sink, alert };
}

/** The core on the configured port (asking the user when it is taken); null when the user chose to quit instead. */
export async function setupCore(
  ports: Pick<DesktopPorts, 'argv' | 'env' | 'paths' | 'logger' | 'promptPort'>, store: SettingsStore, secrets: DesktopSecrets, sink: NotificationSink,
): Promise<DesktopCore | null> {
  const configFile = configFileArg(ports.argv);
  const config = desktopConfig({
    settingsPort: store.get().server.port, dataDir: ports.paths.dataDir, env: ports.env, publishToken: secrets.publishToken.startToken,
    ...(secrets.readToken ? { readToken: secrets.readToken.token } : {}), ...(configFile ? { configFile } : {}),
  });
  const core = await startCore({
    config, logger: ports.logger, sink, prompt: ports.promptPort,
    onRememberPort: (port) => store.update((s) => ({ ...s, server: { port } })),
  });
  if (core) ports.logger.info('core listening', { url: core.address.url });
  return core;
}

/** Cmd+Q, the tray, a signal or a session end: the server tells its clients and drains before the app exits. */
export function setupQuit({ app, logger }: Pick<DesktopPorts, 'app' | 'logger'>, targets: QuitTargets): GracefulQuit {
  return new GracefulQuit({
    app,
    drain: async () => {
      await targets.control?.close?.();
      await targets.core.close();
    },
    onLog: (m) => logger.info(m),
  });
}

export async function setupControl(
  ports: Pick<DesktopPorts, 'createControl' | 'logger'>, core: DesktopCore, sink: NotificationSink, secrets: DesktopSecrets,
): Promise<DesktopControl> {
  return ports.createControl({
    core, sink, secrets: secrets.secrets, publishToken: secrets.publishToken,
    ...(secrets.readToken ? { readToken: secrets.readToken.token } : {}), logger: ports.logger,
  });
}

/** Screen locked, idle or asleep → escalation takes its first steps at once (while it is on: configured or turned on in the settings). */
export function setupEscalationWatch({ screen, logger }: Pick<DesktopPorts, 'screen' | 'logger'>, core: DesktopCore): (() => void) | undefined {
  const escalation = core.core.escalation;
  if (!screen) return undefined;
  return watchIdle(screen, (away) => {
    logger.info(away ? 'screen locked or idle: escalation no longer waits' : 'back at the screen');
    escalation.setIdle(away);
  });
}
