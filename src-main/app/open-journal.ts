// Opens the configured journal and incident store: SQLite under the data dir by default, memory with --no-journal.
import { chmodSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type IncidentStore, type Journal, type Logger, MemoryIncidentStore, MemoryJournal, type AppConfig, SqliteIncidentStore, SqliteJournal } from '../server/index.js';
import type { OpenedCluster } from '../cluster/index.js';

/** How often retention runs in the background (ms); each run deletes in small chunks. */
const PRUNE_INTERVAL_MS = 60_000;

export interface OpenedJournal {
  journal: Journal;
  incidents: IncidentStore;
  /** Where the journal lives, or a note that it is in memory. */
  where: string;
  /** Cluster mode: add its metrics and health to the server, close it after the server stopped. */
  cluster?: OpenedCluster;
}

/** Incident data is private: the journal and its WAL/SHM companions are readable by their owner only. */
function restrictToOwner(file: string): void {
  if (process.platform === 'win32') return;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
}

const sizeOf = (file: string): number => (existsSync(file) ? statSync(file).size : 0);

/**
 * A journal file of 0 bytes with no WAL beside it holds nothing (truncated, or created by hand): say so rather than
 * start silently empty. (A 0-byte file WITH a WAL is a fresh journal whose writes are not checkpointed yet: fine.)
 */
function warnIfEmpty(file: string, logger: Logger | undefined): void {
  if (!existsSync(file) || sizeOf(file) > 0 || sizeOf(`${file}-wal`) > 0) return;
  logger?.warn('the journal file was empty (0 bytes): starting with an empty journal; events published before are not replayable', { file });
}

/** Throws JournalOpenError (message names the path) when the file is corrupt or unwritable. */
export function openJournal(config: AppConfig, dataDir: string, logger?: Logger): OpenedJournal {
  if (config.journal === 'memory') {
    const incidents = new MemoryIncidentStore({ memorySecs: config.incident_memory_secs, memoryMax: config.incident_memory_max });
    return { journal: new MemoryJournal(config.broadcast_capacity), incidents, where: 'memory (lost on restart)' };
  }
  const file = config.journal_file ?? join(dataDir, 'journal.sqlite3');
  warnIfEmpty(file, logger);
  const journal = new SqliteJournal(file, { maxEvents: config.journal_max_events, maxAgeSecs: config.journal_max_age_secs });
  restrictToOwner(file);
  const incidents = new SqliteIncidentStore(journal.db, {
    memorySecs: config.incident_memory_secs, memoryMax: config.incident_memory_max, retentionDays: config.incident_retention_days,
  });
  journal.addAppendHook(() => incidents.flush());
  journal.startPruning(PRUNE_INTERVAL_MS);
  incidents.startPruning(PRUNE_INTERVAL_MS);
  return { journal, incidents, where: file };
}

/** The journal the configuration asks for: cluster mode when `cluster` is set (connects to NATS), else `openJournal`'s. */
export async function openConfiguredJournal(config: AppConfig, dataDir: string, logger: Logger): Promise<OpenedJournal> {
  if (!config.cluster) return openJournal(config, dataDir, logger);
  // Loaded only in cluster mode: the NATS client is about a tenth of a single server's start-up time.
  const { clusterSettingsFrom, openCluster } = await import('../cluster/index.js');
  const settings = clusterSettingsFrom(config);
  if (!settings) return openJournal(config, dataDir, logger);
  const cluster = await openCluster(settings, logger);
  return { journal: cluster.journal, incidents: cluster.incidents, where: cluster.where, cluster };
}
