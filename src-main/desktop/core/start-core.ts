// Starts the core for the desktop: port chosen with the user, server + relay via openRelay, notifications with the shell's sink.
import { openRelay, type OpenRelay } from '../../app/open-app.js';
import { startNotifications, type NotificationSink, type Notifications } from '../../notify/index.js';
import type { Logger, RelayConfig } from '../../server/index.js';
import { choosePort, probeTcpPort, type PortConflictPrompt, type PortDecision, type PortProbe } from './port-choice.js';

export interface DesktopCore {
  core: OpenRelay;
  notifications: Notifications;
  address: { host: string; port: number; url: string };
  /** Stops notifications, the relay, then the server (`closing {shutdown}` to every client, drain). */
  close(): Promise<void>;
}

export interface StartCoreOptions {
  config: RelayConfig;
  logger: Logger;
  sink: NotificationSink;
  prompt: PortConflictPrompt;
  /** Called with the port the user chose to keep. */
  onRememberPort?(port: number): void;
  probe?: PortProbe;
  /** How many times a port lost between the probe and the bind is retried. */
  bindAttempts?: number;
}

const isAddressInUse = (err: unknown): boolean => (err as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';

/** Resolves the started core, or null when the user chose to quit rather than change the port. */
export async function startCore(options: StartCoreOptions): Promise<DesktopCore | null> {
  const probe = options.probe ?? probeTcpPort;
  const attempts = options.bindAttempts ?? 3;
  let requested = options.config.port;
  for (let attempt = 1; ; attempt++) {
    const decision: PortDecision | null = await choosePort(options.config.host, requested, probe, options.prompt);
    if (!decision) return null;
    if (decision.remember) options.onRememberPort?.(decision.port);
    const config: RelayConfig = Object.freeze({ ...options.config, port: decision.port, notify: false });
    // The shell binds its own control service (sealed tokens, IPC), so the headless one is not started.
    const core = await openRelay(config, options.logger, { webControl: false });
    let address: DesktopCore['address'];
    try {
      address = await core.server.start();
    } catch (err) {
      await core.close();
      if (!isAddressInUse(err) || attempt >= attempts) throw err;
      options.logger.warn('port taken between probe and bind; asking again', { port: decision.port });
      requested = decision.port;
      continue;
    }
    const server = core.server;
    const notifications = startNotifications({
      onEvent: (listener) => server.onEvent(listener),
      publish: (events) => server.publish(events),
      getIncident: (id) => server.incidents.get(id),
      sink: options.sink,
      onError: (err, context) => options.logger.warn('notification failed', { context, error: String(err) }),
      // What already notified, acks and snoozes survive a restart; forgotten with the journal's retention.
      persist: { dataDir: core.dataDir, retentionMs: config.journal_max_age_secs * 1000 },
      onWarning: (message, fields) => options.logger.warn(message, fields),
    });
    return {
      core, notifications, address,
      async close() {
        await notifications.stop();
        await core.close();
      },
    };
  }
}
