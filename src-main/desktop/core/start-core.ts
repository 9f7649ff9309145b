// Starts the core for the desktop: port chosen with the user, then the app assembly with the shell's notification sink.
import { openApp, type IncidentRelayApp } from '../../app/index.js';
import type { NotificationSink } from '../../notify/index.js';
import type { Logger, AppConfig } from '../../server/index.js';
import { choosePort, probeTcpPort, type PortConflictPrompt, type PortDecision, type PortProbe } from './port-choice.js';
import type { PortHolder } from './port-holder.js';

export interface DesktopCore {
  /** The running app; its notifications always run (with the shell's sink). */
  core: IncidentRelayApp;
  address: { host: string; port: number; url: string };
  /** Stops notifications, the relay, then the server (`closing {shutdown}` to every client, drain). */
  close(): Promise<void>;
}

export interface StartCoreOptions {
  config: AppConfig;
  logger: Logger;
  sink: NotificationSink;
  prompt: PortConflictPrompt;
  /** Called with the port the user chose to keep. */
  onRememberPort?(port: number): void;
  probe?: PortProbe;
  /** Who holds a taken port (default: ask the OS). */
  whoHolds?: (port: number) => Promise<PortHolder | undefined>;
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
    const decision: PortDecision | null = await choosePort(options.config.host, requested, probe, options.prompt, options.whoHolds);
    if (!decision) return null;
    if (decision.remember) options.onRememberPort?.(decision.port);
    const config: AppConfig = Object.freeze({ ...options.config, port: decision.port, notify: false });
    // The shell binds its own control service (sealed tokens, IPC), so the headless one is not started.
    const core = await openApp(config, options.logger, { webControl: false, notificationSink: options.sink });
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
    return { core, address, close: () => core.close() };
  }
}
