// The journal database schema: numbered migrations recorded in `schema_version`, and the persisted epoch.
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * Migration N (1-based) brings a file from schema N-1 to N. Append only: never edit a released step.
 * One file holds the events, the latest incidents and the ack positions, so one connection and one
 * fsync cover them all.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
   CREATE TABLE events (
     seq          INTEGER PRIMARY KEY,  -- rowid alias: strictly increasing, contiguous in the retained range
     message_id   TEXT NOT NULL,        -- <epoch>-<seq>
     epoch        TEXT NOT NULL,
     priority     INTEGER NOT NULL,     -- PRIORITIES value, 0 = critical
     published_at TEXT NOT NULL,        -- RFC 3339 as stamped by the hub
     stored_ms    INTEGER NOT NULL,     -- journal clock at append (ms): what age retention looks at
     event_type   TEXT NOT NULL,
     incident_id  TEXT,                 -- lower-case subject incident (not indexed: an index on random UUIDs costs ~30% of append speed)
     origin       TEXT,                 -- <upstream>|<upstream message_id> for relayed events
     subject_json TEXT NOT NULL,        -- the Subject matched at publish time: replay filters on it
     event_json   TEXT NOT NULL
   );
   CREATE INDEX events_origin ON events(origin) WHERE origin IS NOT NULL;
   CREATE TABLE incidents (id TEXT PRIMARY KEY, updated_at TEXT NOT NULL, incident_json TEXT NOT NULL) WITHOUT ROWID;
   CREATE TABLE acks (client_key TEXT PRIMARY KEY, message_id TEXT NOT NULL, acked_at TEXT NOT NULL) WITHOUT ROWID;`,
  // 2: incidents get the columns the list query filters and orders on, and the retention/start-up index.
  `ALTER TABLE incidents ADD COLUMN state TEXT NOT NULL DEFAULT '';
   ALTER TABLE incidents ADD COLUMN severity TEXT NOT NULL DEFAULT '';
   ALTER TABLE incidents ADD COLUMN source TEXT NOT NULL DEFAULT '';
   ALTER TABLE incidents ADD COLUMN created_ms INTEGER NOT NULL DEFAULT 0;  -- ms since epoch: list order and cursor
   ALTER TABLE incidents ADD COLUMN updated_ms INTEGER NOT NULL DEFAULT 0;  -- ms since epoch: memory set and retention
   UPDATE incidents SET
     state = coalesce(json_extract(incident_json, '$.state'), ''),
     severity = coalesce(json_extract(incident_json, '$.severity'), ''),
     source = coalesce(json_extract(incident_json, '$.source'), ''),
     created_ms = coalesce(CAST(round((julianday(json_extract(incident_json, '$.created_at')) - 2440587.5) * 86400000) AS INTEGER), 0),
     updated_ms = coalesce(CAST(round((julianday(updated_at) - 2440587.5) * 86400000) AS INTEGER), 0);
   CREATE INDEX incidents_newest ON incidents(created_ms, id);
   CREATE INDEX incidents_state ON incidents(state, created_ms, id);
   CREATE INDEX incidents_severity ON incidents(severity, created_ms, id);
   CREATE INDEX incidents_source ON incidents(source, created_ms, id);
   CREATE INDEX incidents_closed_updated ON incidents(updated_ms) WHERE state IN ('Resolved', 'Closed');`,
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

function currentVersion(db: Database.Database): number {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
  if (tables.includes('schema_version')) {
    return (db.prepare('SELECT max(version) FROM schema_version').pluck().get() as number | null) ?? 0;
  }
  if (tables.length > 0) {
    throw new Error(`it is a SQLite database but not an Incident Relay journal (tables: ${tables.slice(0, 5).join(', ')})`);
  }
  return 0;
}

/** Creates or upgrades the schema; idempotent. Throws when the file is newer than this build or not a journal. */
export function migrateJournalSchema(db: Database.Database): void {
  const from = currentVersion(db);
  if (from > SCHEMA_VERSION) {
    throw new Error(`it was written by a newer Incident Relay (schema ${from}, this build knows up to ${SCHEMA_VERSION})`);
  }
  if (from === SCHEMA_VERSION) return;
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const record = db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)');
    for (let v = from + 1; v <= SCHEMA_VERSION; v++) {
      db.exec(MIGRATIONS[v - 1]!);
      record.run(v, new Date().toISOString());
    }
  }).immediate();
}

/** Reads the persisted epoch, generating it when the file is new: a wiped file gets a fresh one. */
export function loadOrCreateEpoch(db: Database.Database): string {
  db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('epoch', ?)`).run(randomBytes(6).toString('hex'));
  return db.prepare(`SELECT value FROM meta WHERE key = 'epoch'`).pluck().get() as string;
}

/** A numeric meta value, or undefined. */
export function readMetaNumber(db: Database.Database, key: string): number | undefined {
  const value = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
  return value === undefined ? undefined : Number(value);
}

/** Upserts a meta value. */
export function writeMeta(db: Database.Database, key: string, value: string | number): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, String(value));
}
