// Incident store persisted in the journal's SQLite file: a bounded in-memory set, indexed queries, written behind in batches.
import type Database from 'better-sqlite3';
import type { Incident, Severity } from '../../../src-shared/protocol/index.js';
import { migrateJournalSchema } from '../journal/sqlite-schema.js';
import { PruneTimer } from '../journal/sqlite-retention.js';
import { WriteBehind } from '../journal/write-behind.js';
import type { IncidentQueryResult, IncidentStoreQuery } from './incident-filter.js';
import { DEFAULT_MEMORY_BOUNDS, IncidentMemory, updatedMs, type IncidentMemoryBounds } from './incident-memory.js';
import type { IncidentStore } from './incident-store.js';
import { IncidentRows } from './sqlite-incident-rows.js';

export interface SqliteIncidentStoreOptions extends Partial<IncidentMemoryBounds> {
  /** Days a resolved/closed incident stays on disk after its last update (`incident_retention_days`). Default 30. */
  retentionDays?: number;
  /** Most rows one retention run deletes, in one short transaction. Default 1,000. */
  pruneChunk?: number;
  /** For tests. */
  clock?: () => number;
}

export const DEFAULT_INCIDENT_RETENTION_DAYS = 30;

const DAY_MS = 24 * 3600 * 1000;

/**
 * Serves the hot path from memory (every active incident, recent closed ones) and everything else
 * from SQLite: `get` falls back to the file, `query` runs on its indexes. Writes go behind: register
 * `() => store.flush()` with `SqliteJournal.addAppendHook` so incident changes commit with the
 * events that caused them (the journal's close flushes too); otherwise they are written on the
 * next event-loop turn.
 */
export class SqliteIncidentStore implements IncidentStore {
  private readonly memory: IncidentMemory;
  private readonly rows: IncidentRows;
  private readonly writer: WriteBehind<Incident>;
  private readonly clock: () => number;
  private readonly retentionMs: number;
  private readonly pruneChunk: number;
  private readonly pruneTimer: PruneTimer;

  /** `db` is usually `journal.db`; the schema is created if missing. Loads only the in-memory set. */
  constructor(private readonly db: Database.Database, options: SqliteIncidentStoreOptions = {}) {
    migrateJournalSchema(db);
    this.clock = options.clock ?? Date.now;
    const bounds: IncidentMemoryBounds = {
      memorySecs: options.memorySecs ?? DEFAULT_MEMORY_BOUNDS.memorySecs, memoryMax: options.memoryMax ?? DEFAULT_MEMORY_BOUNDS.memoryMax,
    };
    const days = options.retentionDays ?? DEFAULT_INCIDENT_RETENTION_DAYS;
    if (!(days > 0)) throw new RangeError(`incident_retention_days must be a positive number of days, got ${days}`);
    this.retentionMs = days * DAY_MS;
    this.pruneChunk = options.pruneChunk ?? 1_000;
    this.memory = new IncidentMemory(bounds, this.clock);
    this.rows = new IncidentRows(db);
    const loaded = this.rows.memorySet(this.clock() - bounds.memorySecs * 1000, bounds.memoryMax);
    for (const [id, incident] of loaded.active) this.memory.set(id, incident);
    for (const [id, incident] of loaded.closed) this.memory.set(id, incident, updatedMs(incident));
    this.writer = new WriteBehind(db, 'incident store', (id, incident) => this.rows.upsert(id, incident));
    this.pruneTimer = new PruneTimer(() => this.prune(), this.pruneChunk, (err) => {
      process.emitWarning(`incident store: retention failed, will retry: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  /** From memory, else a change not yet written, else the file (an evicted incident). */
  get(id: string): Incident | undefined {
    return this.memory.get(id) ?? this.writer.pendingValue(id) ?? (this.db.open ? this.rows.get(id) : undefined);
  }

  /** `get`: the file answers at once. */
  fetch(id: string): Promise<Incident | undefined> {
    return Promise.resolve(this.get(id));
  }

  put(incident: Incident): void {
    const id = incident.id.toLowerCase();
    this.memory.set(id, incident, updatedMs(incident));
    this.writer.mark(id, incident);
  }

  setSeverity(id: string, severity: Severity, at: string): void {
    const cur = this.get(id);
    if (!cur) return;
    this.put({ ...cur, severity, updated_at: at });
  }

  /** The in-memory set: every active incident and the recent resolved/closed ones. */
  list(): Incident[] {
    return this.memory.current();
  }

  /** Incidents held in memory. */
  size(): number {
    return this.memory.currentSize();
  }

  /** A page of all stored incidents (memory and file), after writing pending changes. */
  query(q: IncidentStoreQuery): IncidentQueryResult {
    this.writer.flush();
    return this.rows.query(q);
  }

  /** Incidents in the file (for status and tests). */
  storedCount(): number {
    this.writer.flush();
    return this.rows.count();
  }

  /** Deletes up to one chunk of resolved/closed incidents older than the retention; returns how many. */
  prune(): number {
    if (!this.db.open) return 0;
    return this.rows.prune(this.clock() - this.retentionMs, this.pruneChunk);
  }

  /** Runs retention now and then every `intervalMs` (deleting in chunks between other work) until `stopPruning`. */
  startPruning(intervalMs: number): void {
    this.pruneTimer.start(intervalMs);
  }

  stopPruning(): void {
    this.pruneTimer.stop();
  }

  /** Writes pending changes now, in the caller's transaction if one is open. */
  flush(): void {
    this.writer.flush();
  }
}
