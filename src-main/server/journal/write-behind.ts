// Coalesces keyed upserts into one transaction: the journal's append transaction, or one per event-loop turn.
import type Database from 'better-sqlite3';

/**
 * Under `synchronous = FULL` every transaction costs an fsync, so writing each incident update or
 * ack on its own would cap the server at a few thousand of them per second. `mark` records the
 * latest value per key; `flush` writes them all in one transaction (nested in the caller's, if any).
 * Without an explicit flush, one runs on the next `setImmediate`.
 */
export class WriteBehind<V> {
  private readonly pending = new Map<string, V>();
  private scheduled: NodeJS.Immediate | undefined;
  private readonly writeAll: (rows: Array<[string, V]>) => void;

  constructor(
    private readonly db: Database.Database,
    /** Names the owner in warnings, e.g. "incident store". */
    private readonly what: string,
    write: (key: string, value: V) => void,
  ) {
    this.writeAll = db.transaction((rows: Array<[string, V]>) => {
      for (const [key, value] of rows) write(key, value);
    });
  }

  mark(key: string, value: V): void {
    this.pending.set(key, value);
    this.scheduled ??= setImmediate(() => this.flushScheduled());
  }

  /** The value marked for `key` and not yet written. */
  pendingValue(key: string): V | undefined {
    return this.pending.get(key);
  }

  /** Number of keys not yet written. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Writes every pending value now; throws if the database does. */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.pending.size === 0) return;
    // If an enclosing transaction later rolls back, these rows are lost from the file until the key
    // is marked again; the in-memory view stays right. Only a failing disk gets there.
    this.writeAll([...this.pending]);
    this.pending.clear();
  }

  private flushScheduled(): void {
    this.scheduled = undefined;
    if (!this.db.open) {
      process.emitWarning(`${this.what}: ${this.pending.size} update(s) not written, the database was closed first; flush before closing`);
      this.pending.clear();
      return;
    }
    try {
      this.flush();
    } catch (err) {
      // Kept pending: the next mark schedules another attempt.
      process.emitWarning(`${this.what}: deferred write failed, will retry: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
