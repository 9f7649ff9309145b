// Opens everything `serve` runs: data dir, publish token, journal, server, and the optional relay and notifications.
import { join } from 'node:path';
import type { RelayConfig } from '../server/config/schema.js';
import { defaultDataDir } from '../server/data-dir.js';
import { loadOrCreatePublishToken } from '../server/auth/publish-token.js';
import type { Logger } from '../server/logger.js';
import { MemoryJournal } from '../server/journal/memory-journal.js';
import { createRelayServer, type RelayServer } from '../server/server.js';
import { createIngest } from '../ingest/index.js';

export interface OpenRelay {
  server: RelayServer;
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
  const journal = new MemoryJournal(config.broadcast_capacity);
  const ingest = createIngest(config);
  const server = createRelayServer(config, { journal, logger, publishToken: tok.token, alertConverter: ingest.alertConverter });
  ingest.attach(server);
  const closers: (() => Promise<void> | void)[] = [];
  return {
    server, tokenPath: tok.path, dataDir, extraLines: [],
    async close() {
      for (const c of closers.reverse()) await c();
      await server.stop();
    },
  };
}

export const journalPath = (config: RelayConfig, dataDir: string) => config.journal_file ?? join(dataDir, 'journal.sqlite3');
