// Notifications wired to the running server: its events, its incidents, persisted state in the data dir.
import { startNotifications, type NotificationSink, type Notifications } from '../notify/index.js';
import type { Logger, RelayServer } from '../server/index.js';

export interface AppNotificationsDeps {
  server: RelayServer;
  sink: NotificationSink;
  dataDir: string;
  logger: Logger;
}

export function startAppNotifications({ server, sink, dataDir, logger }: AppNotificationsDeps): Notifications {
  return startNotifications({
    onEvent: (listener) => server.onEvent(listener),
    publish: (events) => server.publish(events),
    getIncident: (id) => server.incidents.get(id),
    sink,
    onError: (err, context) => logger.warn('notification failed', { context, error: String(err) }),
    // What already notified, acks and snoozes survive a restart; forgotten with the journal's retention.
    persist: { dataDir, retentionMs: server.config.journal_max_age_secs * 1000 },
    onWarning: (message, fields) => logger.warn(message, fields),
  });
}
