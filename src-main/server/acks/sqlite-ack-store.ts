// Ack positions persisted in the journal's SQLite file, coalesced so a stream of acks costs one write per turn.
import type Database from 'better-sqlite3';
import { migrateJournalSchema } from '../journal/sqlite-schema.js';
import { WriteBehind } from '../journal/write-behind.js';
import type { AckStore } from './ack-store.js';

/**
 * Losing the last acks in a crash only means a few duplicates on resume (at-least-once), so acks
 * are written behind: on the next event-loop turn, or in the journal's append transaction when
 * `() => acks.flush()` is registered with `SqliteJournal.addAppendHook`.
 */
export class SqliteAckStore implements AckStore {
  private readonly cache = new Map<string, string>();
  private readonly select;
  private readonly writer: WriteBehind<string>;

  /** `db` is usually `journal.db`; the schema is created if missing. */
  constructor(db: Database.Database) {
    migrateJournalSchema(db);
    this.select = db.prepare<[string], string>('SELECT message_id FROM acks WHERE client_key = ?').pluck();
    const upsert = db.prepare(`INSERT INTO acks (client_key, message_id, acked_at) VALUES (?, ?, ?)
      ON CONFLICT (client_key) DO UPDATE SET message_id = excluded.message_id, acked_at = excluded.acked_at`);
    this.writer = new WriteBehind(db, 'ack store', (key, messageId) => {
      upsert.run(key, messageId, new Date().toISOString());
    });
  }

  get(clientKey: string): string | undefined {
    const cached = this.cache.get(clientKey);
    if (cached !== undefined) return cached;
    const stored = this.select.get(clientKey);
    if (stored !== undefined) this.cache.set(clientKey, stored);
    return stored;
  }

  set(clientKey: string, messageId: string): void {
    this.cache.set(clientKey, messageId);
    this.writer.mark(clientKey, messageId);
  }

  /** Writes pending acks now, in the caller's transaction if one is open. */
  flush(): void {
    this.writer.flush();
  }
}
