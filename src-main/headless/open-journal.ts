// Opens the configured journal and incident store: SQLite under the data dir by default, memory with --no-journal.
import { join } from 'node:path';
import type { RelayConfig } from '../server/config/schema.js';
import { MemoryIncidentStore, type IncidentStore } from '../server/incidents/incident-store.js';
import { SqliteIncidentStore } from '../server/incidents/sqlite-incident-store.js';
import type { Journal } from '../server/journal/journal.js';
import { MemoryJournal } from '../server/journal/memory-journal.js';
import { SqliteJournal } from '../server/journal/sqlite-journal.js';

/** How often retention runs in the background (ms); each run deletes in small chunks. */
const PRUNE_INTERVAL_MS = 60_000;

export interface OpenedJournal {
  journal: Journal;
  incidents: IncidentStore;
  /** Where the journal lives, or a note that it is in memory. */
  where: string;
}

/** Throws JournalOpenError (message names the path) when the file is corrupt or unwritable. */
export function openJournal(config: RelayConfig, dataDir: string): OpenedJournal {
  if (config.journal === 'memory') {
    return { journal: new MemoryJournal(config.broadcast_capacity), incidents: new MemoryIncidentStore(), where: 'memory (lost on restart)' };
  }
  const file = config.journal_file ?? join(dataDir, 'journal.sqlite3');
  const journal = new SqliteJournal(file, { maxEvents: config.journal_max_events, maxAgeSecs: config.journal_max_age_secs });
  const incidents = new SqliteIncidentStore(journal.db);
  journal.addAppendHook(() => incidents.flush());
  journal.startPruning(PRUNE_INTERVAL_MS);
  return { journal, incidents, where: file };
}
