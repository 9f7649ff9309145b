// Notifications of the app: the driver on a sink, its probe, fallback (headless), metric, /health section and `why` routes.
import { spawn } from 'node:child_process';
import type { Logger, CoreServer } from '../server/index.js';
import type { IncidentResponder } from '../ingest/index.js';
import {
  createTerminalFallback, registerNotifyMetrics, startNotifications,
  type ChannelStatus, type NotificationSink, type Notifications,
} from '../notify/index.js';

export interface HeadlessNotifications {
  notifications: Notifications;
  /** The banner line: `notifications: on …` or `notifications: DEGRADED …`. */
  bannerLine: string;
}

/** `notifications: {state, detail}` for /health (PROTOCOL 1.1 §7); `off` without `--notify`. */
export const notificationsHealth = (n: Notifications | undefined): { notifications: ChannelStatus } =>
  ({ notifications: n ? n.channel() : { state: 'off', detail: 'notifications are off (start with --notify)' } });

/** Opens a URL in the desktop's browser (xdg-open / open / start), without a shell; failures are logged. */
function openInBrowser(url: string, logger: Logger): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['explorer.exe', [url]] : ['xdg-open', [url]];
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true, shell: false });
  child.once('error', (err) => logger.warn('could not open the console', { url, error: err.message }));
  child.unref();
}

export interface OpenNotificationsOptions {
  server: CoreServer;
  logger: Logger;
  dataDir: string;
  /** Where notifications go: the headless sink (notify-send / node-notifier) or the desktop's native one. */
  sink: NotificationSink;
  /** Headless: a P0/P1 the channel could not show rings the terminal bell and prints a line on stderr. */
  headless: boolean;
  /** A logged-in console URL for the Open button (the web console's one-time login link), if the console runs. */
  consoleLogin?(): string | undefined;
  /** PROTOCOL 1.1 acknowledge (Detected → Triaged, actor recorded), for the Acknowledge button. */
  responder: Pick<IncidentResponder, 'acknowledge'>;
}

/** Starts notifications for `serve --notify`, probes the channel once, and returns the banner line. */
export async function openAppNotifications(o: OpenNotificationsOptions): Promise<HeadlessNotifications> {
  const { server, logger } = o;
  const metrics = registerNotifyMetrics(server.metrics.registry);
  const notifications = startNotifications({
    onEvent: (l) => server.onEvent(l),
    publish: (events) => server.publish(events),
    getIncident: (id) => server.incidents.get(id),
    sink: o.sink,
    onError: (err, context) => logger.warn('notification failed', { context, error: String(err) }),
    persist: { dataDir: o.dataDir, retentionMs: server.config.journal_max_age_secs * 1000 },
    onWarning: (message, fields) => logger.warn(message, fields),
    consoleUrl: () => server.address()?.url,
    acknowledgeIncident: async (id, actor) => {
      await o.responder.acknowledge(id, { actor });
      return {};
    },
    // The desktop window opens incidents itself (desktop-app.ts); headless opens the console in a browser.
    ...(o.headless ? {
      openIncident: (id: string) => {
        const login = o.consoleLogin?.();
        if (login) openInBrowser(`${login}#incident=${id}`, logger);
      },
    } : {}),
    ...(o.headless ? { fallback: createTerminalFallback() } : {}),
    onDeliveryFailed: () => metrics.failedDeliveries.inc(),
    onChannelChange: (s) => process.stderr.write(s.state === 'ok'
      ? 'notifications: the desktop channel works again\n'
      : `notifications: DEGRADED: ${s.detail}.${o.headless ? ' Until fixed, P0/P1 ring the terminal bell and print a line here.' : ''}\n`),
  });
  const status = await notifications.probe();
  const bannerLine = status.state === 'ok'
    ? '  notifications: on (P0 at once and critical, P1 normal; `incident-relay why ID` explains a decision)'
    : `  notifications: DEGRADED (${status.detail})`;
  return { notifications, bannerLine };
}
