// Durable journal on SQLite (better-sqlite3): one transaction per appended batch, paged reads, chunked retention.
import type Database from 'better-sqlite3';
import { formatMessageId, parseMessageId, positionedEntry, type Journal, type JournalEntry, type NewJournalEntry, type ResumePoint } from './journal.js';
import { ENTRY_COLUMNS, toEntry, type EventRow } from './sqlite-event-rows.js';
import { JournalOpenError, openJournalDatabase, type SynchronousMode } from './sqlite-database.js';
import { loadOrCreateEpoch, readMetaNumber, writeMeta } from './sqlite-schema.js';
import { PruneTimer, resolveRetention, type RetentionOptions } from './sqlite-retention.js';

export interface SqliteJournalOptions extends RetentionOptions {
  /** Commit durability; default `FULL` (survives power loss). `NORMAL` survives kill -9 only. See SynchronousMode. */
  synchronous?: SynchronousMode;
  /** Clock in ms since 1970 used to stamp events for age retention; default Date.now. */
  now?: () => number;
}

/**
 * The oldest and newest retained seq, read at open. Two scalar subqueries, each one B-tree seek: `SELECT min(seq),
 * max(seq)` in one query scans the whole table (SQLite's min/max optimization needs a single aggregate), 0.43 s
 * for 1,000,000 events.
 */
export const RETAINED_BOUNDS_SQL = 'SELECT (SELECT min(seq) FROM events) AS lo, (SELECT max(seq) FROM events) AS hi';

/**
 * The journal in one SQLite file. Sequence numbers are contiguous from the oldest retained event to
 * the newest (appends add at the end, pruning removes a prefix), so positions are arithmetic.
 */
export class SqliteJournal implements Journal {
  readonly epoch: string;
  /** The open connection; share it with SqliteIncidentStore and SqliteAckStore. Closed by `close()`. */
  readonly db: Database.Database;
  private last: number;
  private oldest: number | undefined; // seq of the oldest retained event; undefined when empty
  private readonly retention: Required<RetentionOptions>;
  private readonly now: () => number;
  private readonly hooks: Array<() => void> = [];
  private readonly pruneTimer: PruneTimer;
  private readonly appendTx: (batch: readonly NewJournalEntry[]) => JournalEntry[];
  private readonly stmt: Statements;

  /** Opens or creates `file`; throws JournalOpenError naming the path when it cannot. */
  constructor(readonly file: string, options: SqliteJournalOptions = {}) {
    this.retention = resolveRetention(options);
    this.now = options.now ?? Date.now;
    this.db = openJournalDatabase(file, { synchronous: options.synchronous });
    const db = this.db;
    try {
      this.epoch = loadOrCreateEpoch(db);
      this.stmt = prepareStatements(db);
      const bounds = db.prepare(RETAINED_BOUNDS_SQL).get() as { lo: number | null; hi: number | null };
      // The high-water mark survives pruning everything, so a seq (and a message id) is never issued twice.
      this.last = Math.max(bounds.hi ?? 0, readMetaNumber(db, 'last_seq') ?? 0);
      this.oldest = bounds.lo ?? undefined;
    } catch (err) {
      db.close();
      throw new JournalOpenError(file, err);
    }
    this.appendTx = db.transaction((batch: readonly NewJournalEntry[]) => this.insertBatch(batch));
    this.pruneTimer = new PruneTimer(() => this.prune(), this.retention.pruneChunk, (err) => {
      process.emitWarning(`journal ${file}: pruning failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  append(batch: readonly NewJournalEntry[]): JournalEntry[] {
    if (batch.length === 0) return [];
    const out = this.appendTx(batch);
    // Only after COMMIT returned: a failed commit leaves the in-memory positions untouched.
    this.last = out[out.length - 1]!.seq;
    this.oldest ??= out[0]!.seq;
    return out;
  }

  locate(messageId: string): ResumePoint {
    const p = parseMessageId(messageId);
    if (!p || p.epoch !== this.epoch || p.seq > this.last || p.seq < this.firstSeq()) return { known: false };
    return { known: true, seq: p.seq };
  }

  readAfter(afterSeq: number, limit: number): JournalEntry[] {
    if (!(Number.isInteger(limit) && limit >= 1)) throw new RangeError(`readAfter limit must be a positive integer, got ${limit}`);
    return this.stmt.readAfter.all(afterSeq, limit).map(toEntry);
  }

  firstSeq(): number {
    return this.oldest === undefined ? this.last : this.oldest - 1;
  }

  lastSeq(): number {
    return this.last;
  }

  size(): number {
    return this.oldest === undefined ? 0 : this.last - this.oldest + 1;
  }

  hasOrigin(origin: string): boolean {
    return this.stmt.hasOrigin.get(origin) !== undefined;
  }

  lastOrigin(prefix: string): string | undefined {
    if (prefix === '') return this.stmt.lastAnyOrigin.get() ?? undefined;
    // Every string starting with `prefix` sorts in [prefix, prefix with its last code unit + 1).
    const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    return this.stmt.lastOriginIn.get(prefix, end)?.origin ?? undefined;
  }

  /**
   * Runs `hook` inside every append transaction (and once at close), so deferred writes of the
   * stores sharing this connection (`() => incidents.flush()`) commit atomically with the events.
   */
  addAppendHook(hook: () => void): void {
    this.hooks.push(hook);
  }

  /**
   * Deletes at most `pruneChunk` of the oldest events that exceed `maxEvents` or are older than
   * `maxAgeSecs`, in one short transaction. Returns how many it deleted; call again while it
   * returns `pruneChunk`. Pruned ids become unknown to `locate`.
   */
  prune(): number {
    const from = this.oldest;
    if (from === undefined) return 0;
    const windowEnd = Math.min(this.last + 1, from + this.retention.pruneChunk); // exclusive
    let to = from;
    const excess = this.size() - this.retention.maxEvents;
    if (excess > 0) to = Math.min(from + excess, windowEnd);
    if (this.retention.maxAgeSecs !== Infinity) {
      const cutoff = this.now() - this.retention.maxAgeSecs * 1000;
      to = this.stmt.firstYoung.get(to, windowEnd, cutoff) ?? windowEnd;
    }
    if (to === from) return 0;
    this.db.transaction(() => {
      writeMeta(this.db, 'last_seq', this.last);
      this.stmt.deleteBelow.run(to);
    })();
    this.oldest = to > this.last ? undefined : to;
    return to - from;
  }

  /** Prunes every `intervalMs` (first run on the next turn), in chunks that yield to other work. */
  startPruning(intervalMs: number): void {
    this.pruneTimer.start(intervalMs);
  }

  stopPruning(): void {
    this.pruneTimer.stop();
  }

  /** Stops pruning, flushes the append hooks, checkpoints and closes the file. Idempotent. */
  close(): void {
    this.pruneTimer.stop();
    if (!this.db.open) return;
    try {
      if (this.hooks.length > 0) this.db.transaction(() => this.hooks.forEach((hook) => hook()))();
    } finally {
      this.db.close();
    }
  }

  private insertBatch(batch: readonly NewJournalEntry[]): JournalEntry[] {
    const storedMs = this.now();
    const out: JournalEntry[] = [];
    let seq = this.last;
    // Full groups go through one multi-row INSERT each (one native call per ROWS_PER_INSERT rows), the rest one by one.
    const grouped = batch.length - (batch.length % ROWS_PER_INSERT);
    const many: unknown[] = new Array<unknown>(ROWS_PER_INSERT * INSERT_COLUMNS);
    const one: unknown[] = new Array<unknown>(INSERT_COLUMNS);
    for (let at = 0; at < batch.length; at++) {
      const e = batch[at]!;
      seq += 1;
      const messageId = formatMessageId(this.epoch, seq);
      const inGroup = at < grouped;
      const v = inGroup ? many : one;
      const b = inGroup ? (at % ROWS_PER_INSERT) * INSERT_COLUMNS : 0;
      v[b] = seq; v[b + 1] = messageId; v[b + 2] = this.epoch; v[b + 3] = e.priority; v[b + 4] = e.publishedAt; v[b + 5] = storedMs;
      v[b + 6] = e.eventType; v[b + 7] = e.incidentId ?? null; v[b + 8] = e.origin ?? null; v[b + 9] = JSON.stringify(e.subject); v[b + 10] = e.eventJson;
      if (!inGroup) this.stmt.insert.run(one);
      else if (at % ROWS_PER_INSERT === ROWS_PER_INSERT - 1) this.stmt.insertMany.run(many);
      out.push(positionedEntry(e, seq, messageId));
    }
    for (const hook of this.hooks) hook();
    return out;
  }
}

type Statements = ReturnType<typeof prepareStatements>;

/** Rows per multi-row INSERT: 64 × 11 parameters, well under SQLite's limit of 32,766. */
const ROWS_PER_INSERT = 64;
const INSERT_COLUMNS = 11;
const INSERT_SQL = 'INSERT INTO events (seq, message_id, epoch, priority, published_at, stored_ms, event_type, incident_id, origin, subject_json, event_json) VALUES ';
const ROW_PLACEHOLDERS = `(${new Array(INSERT_COLUMNS).fill('?').join(', ')})`;

function prepareStatements(db: Database.Database) {
  return {
    insert: db.prepare(INSERT_SQL + ROW_PLACEHOLDERS),
    insertMany: db.prepare(INSERT_SQL + new Array(ROWS_PER_INSERT).fill(ROW_PLACEHOLDERS).join(', ')),
    readAfter: db.prepare<[number, number], EventRow>(`SELECT ${ENTRY_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`).raw(),
    hasOrigin: db.prepare<[string], number>('SELECT 1 FROM events WHERE origin = ? LIMIT 1').pluck(),
    // A range on the origin index, newest by seq: O(retained events of that upstream), run at relay start.
    lastOriginIn: db.prepare<[string, string], { origin: string | null }>(
      'SELECT origin, max(seq) FROM events WHERE origin >= ? AND origin < ?'),
    lastAnyOrigin: db.prepare<[], string | null>('SELECT origin FROM events WHERE origin IS NOT NULL ORDER BY seq DESC LIMIT 1').pluck(),
    // First event in [from, to) stored at or after a cutoff (ms): where age pruning stops.
    firstYoung: db.prepare<[number, number, number], number>(
      'SELECT seq FROM events WHERE seq >= ? AND seq < ? AND stored_ms >= ? ORDER BY seq LIMIT 1').pluck(),
    deleteBelow: db.prepare<[number]>('DELETE FROM events WHERE seq < ?'),
  };
}
