// Bridge handlers for this server: status and stats, the publish token, settings and the test notification.
import type { BridgeHandlers, ServerStats, Settings } from '../../../src-shared/bridge/index.js';
import type { CoreServer } from '../../server/index.js';
import type { PublishTokenPort } from '../publish-token-keeper.js';
import { serverStats, serverStatus, type EventRate } from '../server-info.js';
import type { SettingsKeeper } from '../settings-keeper.js';

type ServerChannels = 'server:status' | 'server:stats' | 'token:reveal' | 'token:rotate' | 'settings:get' | 'settings:update' | 'notifications:test';

export interface ServerHandlerDeps {
  server: CoreServer;
  startedAt: number;
  rate: EventRate;
  publishToken: PublishTokenPort;
  /** The desktop's read-only token, revealed with the publish token. */
  readToken?: string;
  settings: SettingsKeeper;
  /** Pushes saved settings to every page. */
  settingsChanged(saved: Settings): void;
  /** The notification channel's state, shown in the status bar; absent when notifications are off. */
  notifyChannel?: () => NonNullable<ServerStats['notifications']>;
  escalationStatus?: () => ServerStats['escalation'];
  /** Shows a sample notification; absent when notifications are off. */
  testNotification?: () => Promise<void>;
}

export function serverHandlers(deps: ServerHandlerDeps): Pick<BridgeHandlers, ServerChannels> {
  return {
    'server:status': () => ({ ...serverStatus(deps.server, deps.startedAt), ...(deps.publishToken.storage ? { tokenStorage: deps.publishToken.storage() } : {}) }),
    'server:stats': () => serverStats(deps.server, deps.rate, deps.notifyChannel, deps.escalationStatus),
    'token:reveal': () => ({ token: deps.publishToken.reveal(), ...(deps.readToken ? { readToken: deps.readToken } : {}) }),
    'token:rotate': () => ({ token: deps.publishToken.rotate() }),

    'settings:get': () => deps.settings.get(),
    'settings:update': (next) => {
      const saved = deps.settings.update(next);
      deps.settingsChanged(saved);
      return saved;
    },
    'notifications:test': async () => {
      if (!deps.testNotification) return { delivered: false, detail: 'notifications are off for this server; start it with --notify' };
      try {
        await deps.testNotification();
        return { delivered: true, detail: 'the test notification was handed to the desktop' };
      } catch (err) {
        return { delivered: false, detail: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
