// Opens the journal's SQLite file: WAL, exclusive lock, chosen durability, schema; every failure names the path.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrateJournalSchema, writeMeta } from './sqlite-schema.js';

/**
 * SQLite's `synchronous` pragma in WAL mode (https://www.sqlite.org/pragma.html#pragma_synchronous):
 * - `FULL` fsyncs the WAL at every commit: a committed append survives a process crash (kill -9)
 *   AND an OS crash or power loss. Costs one fsync per append transaction (~250 µs on the dev VM,
 *   so ~4,000 single-event commits/s; batching per tick amortizes it).
 * - `NORMAL` writes the WAL at commit but fsyncs only at checkpoints: a commit survives kill -9 of
 *   the process (the data is in the OS page cache, the crash test proves it), but the last
 *   transactions can roll back after an OS crash or power loss, which a laptop can have.
 * - `EXTRA` is FULL plus a directory fsync when the WAL is deleted.
 */
export type SynchronousMode = 'NORMAL' | 'FULL' | 'EXTRA';
export const SYNCHRONOUS_MODES: readonly SynchronousMode[] = ['NORMAL', 'FULL', 'EXTRA'];

/** Default: FULL, so a 202 also survives power loss, not only kill -9. */
export const DEFAULT_SYNCHRONOUS: SynchronousMode = 'FULL';

/** The journal file could not be opened or prepared; `path` is the file and the message names it. */
export class JournalOpenError extends Error {
  constructor(readonly path: string, cause: unknown) {
    super(`cannot open journal file ${path}: ${describeCause(cause)}`, { cause });
    this.name = 'JournalOpenError';
  }
}

function describeCause(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  const code = (cause as { code?: unknown } | null)?.code;
  switch (code) {
    case 'SQLITE_NOTADB': return `${message} (the file is corrupt or is not a SQLite database)`;
    case 'SQLITE_CORRUPT': return `${message} (the database is corrupt)`;
    case 'SQLITE_BUSY': case 'SQLITE_LOCKED': return `${message} (another incident-relay has it open)`;
    case 'SQLITE_CANTOPEN': return `${message} (it is a directory, or its directory is not writable)`;
    case 'SQLITE_READONLY': case 'EACCES': case 'EPERM': case 'EROFS': return `${message} (the path is not writable)`;
    case 'EEXIST': case 'ENOTDIR': return `${message} (a file is in the way of the journal's directory)`;
    default:
      // e.g. SQLITE_IOERR_LOCK for a read-only file: SQLite cannot take the write lock it needs.
      if (typeof code === 'string' && code.startsWith('SQLITE_IOERR')) return `${message} [${code}] (is the file read-only, or the disk full?)`;
      return message;
  }
}

export interface OpenJournalDatabaseOptions {
  /** Durability of each commit; default `FULL` (see SynchronousMode). */
  synchronous?: SynchronousMode;
  /** How long to wait for a lock held by another connection, in ms; default 500. */
  busyTimeoutMs?: number;
}

/**
 * Opens or creates the file (and its directory), switches to WAL with an exclusive lock held until
 * close (a second server on the same file fails here instead of interleaving sequence numbers),
 * applies the schema and proves the file writable. Throws JournalOpenError; never returns a
 * half-opened database.
 */
export function openJournalDatabase(file: string, options: OpenJournalDatabaseOptions = {}): Database.Database {
  const synchronous = options.synchronous ?? DEFAULT_SYNCHRONOUS;
  if (!SYNCHRONOUS_MODES.includes(synchronous)) {
    throw new RangeError(`journal synchronous must be one of ${SYNCHRONOUS_MODES.join(', ')}, got ${String(synchronous)}`);
  }
  let db: Database.Database | undefined;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    db = new Database(file, { timeout: options.busyTimeoutMs ?? 500 });
    // Only takes effect on a new file. 16 KiB pages hold ~10 events of ~1.4 KiB: measured half the
    // system time of 4 KiB pages when appending 100,000 events (302 vs 701 ms on the dev VM).
    db.pragma('page_size = 16384');
    // Before WAL is entered, so no shared-memory index is created: https://www.sqlite.org/wal.html#noshm
    db.pragma('locking_mode = EXCLUSIVE');
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal' && file !== ':memory:') throw new Error(`could not switch to WAL mode (journal_mode is ${String(mode)})`);
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma('journal_size_limit = 67108864'); // truncate the WAL back to 64 MiB after checkpoints
    migrateJournalSchema(db);
    // A real write: a read-only file (SQLite silently falls back to read-only) fails here, not at the first publish.
    writeMeta(db, 'last_opened_at', new Date().toISOString());
    return db;
  } catch (err) {
    if (db?.open) db.close();
    throw new JournalOpenError(file, err);
  }
}
