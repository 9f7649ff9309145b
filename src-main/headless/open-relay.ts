// Opens everything `serve` runs: data dir, publish token, journal, server, and the optional relay and notifications.
import type { RelayConfig } from '../server/config/schema.js';
import { defaultDataDir } from '../server/data-dir.js';
import { loadOrCreatePublishToken } from '../server/auth/publish-token.js';
import type { Logger } from '../server/logger.js';
import { openJournal } from './open-journal.js';
import { createRelayServer, type RelayServer } from '../server/server.js';
import { createIngest } from '../ingest/index.js';
import { createHeadlessSink, startNotifications } from '../notify/index.js';
import { startRelays, type Relay } from '../relay/index.js';

export interface OpenRelay {
  server: RelayServer;
  /** Upstream connections: add/remove at run time, status. */
  relay: Relay;
  tokenPath: string;
  dataDir: string;
  extraLines: string[];
  close(): Promise<void>;
}

export async function openRelay(config: RelayConfig, logger: Logger): Promise<OpenRelay> {
  const dataDir = config.data_dir ?? defaultDataDir();
  const tok = config.publish_token
    ? { token: config.publish_token, path: '(from configuration)' }
    : loadOrCreatePublishToken(dataDir);
  const { journal, incidents, where } = openJournal(config, dataDir);
  const ingest = createIngest(config);
  // healthDetails runs per /health request, after `relay` below is set.
  const server = createRelayServer(config, { journal, incidents, logger, publishToken: tok.token, alertConverter: ingest.alertConverter, healthDetails: () => relay.healthDetails() });
  ingest.attach(server);
  const closers: (() => Promise<void> | void)[] = [];
  const extraLines: string[] = [`  journal:       ${where}`];
  const relay = startRelays(server, config.upstreams, logger);
  closers.push(() => relay.stop());
  for (const u of relay.list()) extraLines.push(`  upstream:      ${u.name} (${u.url})`);
  if (config.notify) {
    const notifications = startNotifications({
      onEvent: (l) => server.onEvent(l),
      publish: (events) => server.publish(events),
      getIncident: (id) => server.incidents.get(id),
      sink: createHeadlessSink(),
      onError: (err, context) => logger.warn('notification failed', { context, error: String(err) }),
    });
    closers.push(() => notifications.stop());
    extraLines.push('  notifications: on (P0/P1 by default)');
  }
  return {
    server, relay, tokenPath: tok.path, dataDir, extraLines,
    async close() {
      for (const c of closers.reverse()) await c();
      await server.stop();
    },
  };
}
