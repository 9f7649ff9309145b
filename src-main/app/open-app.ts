// The one assembly of Incident Relay: data dir, publish token, journal, server, ingest, upstream relays, notifications
// and control, from a config; the headless CLI and the desktop shell both open the app through it.
import {
  createCoreServer, defaultDataDir, loadOrCreatePublishToken, tightenDataDir, type Logger, type AppConfig, type CoreServer,
} from '../server/index.js';
import { openConfiguredJournal } from './open-journal.js';
import { createIngest, type IncidentResponder } from '../ingest/index.js';
import { createHeadlessSink, sendTestNotification, type NotificationSink, type Notifications } from '../notify/index.js';
import { notificationsHealth, openAppNotifications } from './open-notifications.js';
import { startReceiveGuard } from './receive-guard-wiring.js';
import { startUpstreamRelays, type UpstreamRelays } from '../relay/index.js';
import { startControl, type Control } from '../control/index.js';
import { startWriteback, type Writeback } from './writeback/index.js';
import { openEscalation } from './open-escalation.js';
import { progressStoreFor } from './escalation-progress-store.js';
import type { EscalationConfig } from '../../src-shared/escalation-settings.js';
import { whyRoutes, type Escalator } from '../notify/index.js';

export interface IncidentRelayApp {
  server: CoreServer;
  /** Upstream connections: add/remove at run time, status. */
  relay: UpstreamRelays;
  /** Actions on relayed incidents sent to their upstream, and the outbox of those waiting for it. */
  writeback: Writeback;
  /** Acting on incidents in-process (acknowledge, un-acknowledge, assign, comment, resolve), written back to their owner. */
  responder: IncidentResponder;
  /** OS notifications, when on (`notify` in the config, or always with the desktop's sink). */
  notifications: Notifications | undefined;
  /** Escalation to phones and webhooks (the desktop reports screen lock to it); off until configured or turned on in the settings. */
  escalation: Escalator;
  /** The config file's `escalation`, which the settings form starts from. */
  escalationConfig: EscalationConfig | undefined;
  /** The publish token the server accepts, and whether it comes from the config (then it cannot be rotated). */
  publishToken: { token: string; fromConfig: boolean };
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

export async function openApp(config: AppConfig, logger: Logger, options: OpenAppOptions = {}): Promise<IncidentRelayApp> {
  const dataDir = config.data_dir ?? defaultDataDir();
  const fromConfig = Boolean(config.publish_token);
  tightenDataDir(dataDir, logger);
  const tok = config.publish_token
    ? { token: config.publish_token, path: '(from configuration)' }
    : loadOrCreatePublishToken(dataDir);
  const { journal, incidents, where, cluster } = await openConfiguredJournal(config, dataDir, logger);
  const ingest = createIngest(config);
  // healthDetails runs per /health request, after `relay` below is set.
  const server = createCoreServer(config, { journal, incidents, logger, publishToken: tok.token, alertConverter: ingest.alertConverter, healthDetails: () => ({ ...relay.healthDetails(), ...writeback.healthDetails(), ...cluster?.healthDetails(), ...notificationsHealth(notifications), ...(escalation.escalator.enabled() ? { escalation: escalation.escalator.health() } : {}) }) });
  cluster?.registerMetrics(server.metrics.registry);
  ingest.attach(server);
  const closers: (() => Promise<void> | void)[] = [() => ingest.close()];
  const extraLines: string[] = [`  journal:       ${where}`];
  const relay = startUpstreamRelays(server, config.upstreams, logger, { timings: { lagWarnMs: config.relay_lag_warn_secs * 1000, reconcileIntervalMs: config.reconcile_interval_secs * 1000 } });
  closers.push(() => relay.stop());
  const writeback = startWriteback({ ingest, relay, incidents: server.incidents, dataDir, logger });
  closers.push(() => writeback.stop());
  for (const u of relay.list()) extraLines.push(`  upstream:      ${u.name} (${u.url})`);
  const escalation = openEscalation(server, config.escalation, logger, progressStoreFor(journal, dataDir, (message, fields) => logger.warn(message, fields)));
  closers.push(() => escalation.stop());
  if (escalation.bannerLine) extraLines.push(escalation.bannerLine);
  const sink = options.notificationSink ?? (config.notify ? createHeadlessSink() : undefined);
  let notifications: Notifications | undefined;
  if (sink) {
    // What already notified, acks and snoozes survive a restart; forgotten with the journal's retention.
    const opened = await openAppNotifications({
      server, logger, dataDir, sink, headless: options.notificationSink === undefined, responder: ingest.responder,
      consoleLogin: () => control?.webConsole.loginUrl(),
    });
    const running = opened.notifications;
    notifications = running;
    closers.push(() => running.stop());
    closers.push(startReceiveGuard({
      server, relay, notifications: running, staleAfterSecs: config.stale_after_secs, ...(config.heartbeat_alert ? { heartbeatAlert: config.heartbeat_alert } : {}),
    }));
    extraLines.push(opened.bannerLine);
  }
  // `why`: the notification decisions and the escalation steps of an event or incident.
  server.addRoutes(...whyRoutes(notifications ? (id) => notifications!.why(id) : undefined, (id) => escalation.escalator.why(id)));
  const control = options.webControl === false ? undefined : startControl({
    server, relay, notifications, escalation: { escalator: escalation.escalator, ...(config.escalation ? { configured: config.escalation } : {}) }, dataDir, publishToken: tok.token, tokenFromConfig: fromConfig, logger, responder: ingest.responder,
    testNotification: sink ? async () => void (await sendTestNotification(sink)) : undefined,
  });
  if (control) closers.push(() => control.close());
  return {
    server, relay, writeback, responder: ingest.responder, notifications, escalation: escalation.escalator, escalationConfig: config.escalation, publishToken: { token: tok.token, fromConfig }, tokenPath: tok.path, dataDir, extraLines, control,
    async close() {
      for (const c of closers.reverse()) await c();
      await server.stop();
      await cluster?.close();
    },
  };
}
