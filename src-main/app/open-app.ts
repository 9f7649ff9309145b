// Opens everything `serve` runs: data dir, publish token, journal, server, and the optional relay and notifications.
import { createRelayServer, defaultDataDir, loadOrCreatePublishToken, type Logger, type RelayConfig, type RelayServer } from '../server/index.js';
import { openConfiguredJournal } from './open-journal.js';
import { createIngest } from '../ingest/index.js';
import { createHeadlessSink, sendTestNotification, startNotifications, type Notifications } from '../notify/index.js';
import { startRelays, type Relay } from '../relay/index.js';
import { startControl, type Control } from '../control/index.js';

export interface OpenRelay {
  server: RelayServer;
  /** Upstream connections: add/remove at run time, status. */
  relay: Relay;
  tokenPath: string;
  dataDir: string;
  extraLines: string[];
  /** The on-call UI's bridge service and web console (`control.webConsole.loginUrl()` once started); absent when the
   * caller binds its own (the desktop app, which keeps upstream tokens sealed). */
  control: Control | undefined;
  close(): Promise<void>;
}

export interface OpenRelayOptions {
  /** Start the headless control service and web console (default true). */
  webControl?: boolean;
}

export async function openRelay(config: RelayConfig, logger: Logger, options: OpenRelayOptions = {}): Promise<OpenRelay> {
  const dataDir = config.data_dir ?? defaultDataDir();
  const tok = config.publish_token
    ? { token: config.publish_token, path: '(from configuration)' }
    : loadOrCreatePublishToken(dataDir);
  const { journal, incidents, where, cluster } = await openConfiguredJournal(config, dataDir, logger);
  const ingest = createIngest(config);
  // healthDetails runs per /health request, after `relay` below is set.
  const server = createRelayServer(config, { journal, incidents, logger, publishToken: tok.token, alertConverter: ingest.alertConverter, healthDetails: () => ({ ...relay.healthDetails(), ...cluster?.healthDetails() }) });
  cluster?.registerMetrics(server.metrics.registry);
  ingest.attach(server);
  const closers: (() => Promise<void> | void)[] = [];
  const extraLines: string[] = [`  journal:       ${where}`];
  const relay = startRelays(server, config.upstreams, logger);
  closers.push(() => relay.stop());
  for (const u of relay.list()) extraLines.push(`  upstream:      ${u.name} (${u.url})`);
  let notifications: Notifications | undefined;
  if (config.notify) {
    notifications = startNotifications({
      onEvent: (l) => server.onEvent(l),
      publish: (events) => server.publish(events),
      getIncident: (id) => server.incidents.get(id),
      sink: createHeadlessSink(),
      onError: (err, context) => logger.warn('notification failed', { context, error: String(err) }),
      // What already notified, acks and snoozes survive a restart; forgotten with the journal's retention.
      persist: { dataDir, retentionMs: config.journal_max_age_secs * 1000 },
      onWarning: (message, fields) => logger.warn(message, fields),
    });
    closers.push(() => notifications?.stop());
    extraLines.push('  notifications: on (P0/P1 by default)');
  }
  const control = options.webControl === false ? undefined : startControl({
    server, relay, notifications, dataDir, publishToken: tok.token, tokenFromConfig: Boolean(config.publish_token), logger,
    testNotification: notifications ? async () => void (await sendTestNotification(createHeadlessSink())) : undefined,
  });
  if (control) closers.push(() => control.close());
  return {
    server, relay, tokenPath: tok.path, dataDir, extraLines, control,
    async close() {
      for (const c of closers.reverse()) await c();
      await server.stop();
      await cluster?.close();
    },
  };
}
