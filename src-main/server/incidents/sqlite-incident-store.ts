// Incident store persisted in the journal's SQLite file: restored on open, written behind in batches.
import type Database from 'better-sqlite3';
import type { Incident, Severity } from '../../../src-shared/protocol/index.js';
import { migrateJournalSchema } from '../journal/sqlite-schema.js';
import { WriteBehind } from '../journal/write-behind.js';
import type { IncidentStore } from './incident-store.js';

/**
 * Serves reads from memory and writes the latest version of each changed incident behind: register
 * `() => store.flush()` with `SqliteJournal.addAppendHook` so incident changes commit with the
 * events that caused them (the journal's close flushes too); otherwise they are written on the
 * next event-loop turn.
 */
export class SqliteIncidentStore implements IncidentStore {
  private readonly byId = new Map<string, Incident>();
  private readonly writer: WriteBehind<Incident>;

  /** `db` is usually `journal.db`; the schema is created if missing. */
  constructor(db: Database.Database) {
    migrateJournalSchema(db);
    const rows = db.prepare('SELECT id, incident_json FROM incidents').raw().all() as Array<[string, string]>;
    for (const [id, json] of rows) this.byId.set(id, parseStored(id, json));
    const upsert = db.prepare(`INSERT INTO incidents (id, updated_at, incident_json) VALUES (?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, incident_json = excluded.incident_json`);
    this.writer = new WriteBehind(db, 'incident store', (id, incident) => {
      upsert.run(id, incident.updated_at, JSON.stringify(incident));
    });
  }

  get(id: string): Incident | undefined {
    return this.byId.get(id);
  }

  put(incident: Incident): void {
    const id = incident.id.toLowerCase();
    this.byId.set(id, incident);
    this.writer.mark(id, incident);
  }

  setSeverity(id: string, severity: Severity, at: string): void {
    const cur = this.byId.get(id);
    if (!cur) return;
    const next = { ...cur, severity, updated_at: at };
    this.byId.set(id, next);
    this.writer.mark(id, next);
  }

  list(): Incident[] {
    return [...this.byId.values()];
  }

  size(): number {
    return this.byId.size;
  }

  /** Writes pending changes now, in the caller's transaction if one is open. */
  flush(): void {
    this.writer.flush();
  }
}

function parseStored(id: string, json: string): Incident {
  try {
    return JSON.parse(json) as Incident;
  } catch (err) {
    throw new Error(`incident store: stored incident ${id} is not valid JSON (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
}
