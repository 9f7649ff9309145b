// The one assembly of Incident Relay: data dir, publish token, journal, server, ingest, upstream relays, notifications
// and control, from a config; the headless CLI and the desktop shell both open the app through it.
import {
  createRelayServer, defaultDataDir, loadOrCreatePublishToken, tightenDataDir, type Logger, type RelayConfig, type RelayServer,
} from '../server/index.js';
import { openConfiguredJournal } from './open-journal.js';
import { startAppNotifications } from './app-notifications.js';
import { createIngest } from '../ingest/index.js';
import { createHeadlessSink, sendTestNotification, type NotificationSink, type Notifications } from '../notify/index.js';
import { startRelays, type Relay } from '../relay/index.js';
import { startControl, type Control } from '../control/index.js';

export interface IncidentRelayApp {
  server: RelayServer;
  /** Upstream connections: add/remove at run time, status. */
  relay: Relay;
  /** OS notifications, when on (`notify` in the config, or always with the desktop's sink). */
  notifications: Notifications | undefined;
  tokenPath: string;
  dataDir: string;
  extraLines: string[];
  /** The on-call UI's bridge service and web console (`control.webConsole.loginUrl()` once started); absent when the
   * caller binds its own (the desktop app, which keeps upstream tokens sealed). */
  control: Control | undefined;
  close(): Promise<void>;
}

export interface OpenAppOptions {
  /** Start the headless control service and web console (default true). */
  webControl?: boolean;
  /** Where notifications go. Given (the desktop's native sink): always on. Absent: node-notifier when `config.notify`. */
  notificationSink?: NotificationSink;
}

export async function openApp(config: RelayConfig, logger: Logger, options: OpenAppOptions = {}): Promise<IncidentRelayApp> {
  const dataDir = config.data_dir ?? defaultDataDir();
  tightenDataDir(dataDir, logger);
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
  const relay = startRelays(server, config.upstreams, logger, { timings: { lagWarnMs: config.relay_lag_warn_secs * 1000 } });
  closers.push(() => relay.stop());
  for (const u of relay.list()) extraLines.push(`  upstream:      ${u.name} (${u.url})`);
  const sink = options.notificationSink ?? (config.notify ? createHeadlessSink() : undefined);
  const notifications = sink ? startAppNotifications({ server, sink, dataDir, logger }) : undefined;
  if (notifications) {
    closers.push(() => notifications.stop());
    extraLines.push('  notifications: on (P0/P1 by default)');
  }
  const control = options.webControl === false ? undefined : startControl({
    server, relay, notifications, dataDir, publishToken: tok.token, tokenFromConfig: Boolean(config.publish_token), logger,
    testNotification: sink ? async () => void (await sendTestNotification(sink)) : undefined,
  });
  if (control) closers.push(() => control.close());
  return {
    server, relay, notifications, tokenPath: tok.path, dataDir, extraLines, control,
    async close() {
      for (const c of closers.reverse()) await c();
      await server.stop();
      await cluster?.close();
    },
  };
}
