// Opening a journal that cannot work fails at once with an error naming the file and the cause.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalOpenError } from '../../src-main/server/journal/sqlite-database.js';
import { SqliteJournal } from '../../src-main/server/journal/sqlite-journal.js';
import { makeTempDir } from './journal-fixtures.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

/** Opens `file` expecting failure; returns the error. */
function openFailure(file: string, options?: ConstructorParameters<typeof SqliteJournal>[1]): JournalOpenError {
  let journal: SqliteJournal | undefined;
  try {
    journal = new SqliteJournal(file, options);
  } catch (err) {
    expect(err).toBeInstanceOf(JournalOpenError);
    return err as JournalOpenError;
  } finally {
    journal?.close();
  }
  throw new Error(`expected opening ${file} to fail`);
}

describe('SqliteJournal open errors', () => {
  it('names the path of a file full of garbage bytes', () => {
    const file = join(temp.dir, 'journal.db');
    writeFileSync(file, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 256)));
    const err = openFailure(file);
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/not a database|corrupt/);
    expect(err.path).toBe(file);
  });

  it('names the path when its directory cannot be created (a file is in the way)', () => {
    writeFileSync(join(temp.dir, 'blocker'), 'a file, not a directory');
    const file = join(temp.dir, 'blocker', 'journal.db');
    expect(openFailure(file).message).toContain(file);
  });

  it('names the path when it is a directory', () => {
    const file = join(temp.dir, 'journal.db');
    mkdirSync(file);
    expect(openFailure(file).message).toContain(file);
  });

  it('refuses a SQLite database that is not a journal', () => {
    const file = join(temp.dir, 'other-app.db');
    const other = new Database(file);
    other.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY)');
    other.close();
    const err = openFailure(file);
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/not an Incident Relay journal/);
  });

  it('refuses a journal written by a newer schema', () => {
    const file = join(temp.dir, 'journal.db');
    new SqliteJournal(file).close();
    const db = new Database(file);
    db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (99, ?)').run(new Date().toISOString());
    db.close();
    expect(openFailure(file).message).toMatch(new RegExp(`${file}.*newer.*schema 99`));
  });

  it('rejects an unknown synchronous mode before touching the file', () => {
    const file = join(temp.dir, 'journal.db');
    expect(() => new SqliteJournal(file, { synchronous: 'OFF' as 'FULL' })).toThrow(/synchronous/);
  });
});
