// Issue 23: where escalation step progress is kept: rows in the SQLite journal's file (survive reopening it, other meta
// rows untouched), else the data dir's 0600 JSON file; an unreadable row or file costs only that progress.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ESCALATION_PROGRESS_FILE, fileProgressStore, progressStoreFor, sqliteProgressStore } from '../../src-main/app/escalation-progress-store.js';
import { MemoryJournal, SqliteJournal } from '../../src-main/server/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ir-escalation-progress-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('escalation progress stores', () => {
  it('SQLite: kept in the journal file across a reopen; forgetting one leaves the others and the journal\'s own rows', () => {
    const file = join(dir, 'journal.sqlite3');
    const journal = new SqliteJournal(file);
    const epoch = journal.epoch;
    const store = progressStoreFor(journal, dir, () => undefined);
    store.save('a', { step: 1, dueAt: 1000 });
    store.save('b', { step: 2, dueAt: 2000 });
    store.save('a', { step: 2, dueAt: 3000 });
    store.forget('b');
    journal.db.prepare("INSERT INTO meta (key, value) VALUES ('escalation_progress:bad', 'not json')").run();
    journal.close();

    const reopened = new SqliteJournal(file);
    const problems: string[] = [];
    expect(sqliteProgressStore(reopened.db, (m) => void problems.push(m)).load()).toEqual(new Map([['a', { step: 2, dueAt: 3000 }]]));
    expect(problems).toEqual(['escalation progress row unreadable: that incident escalates from its first step again']);
    expect(reopened.epoch).toBe(epoch);
    reopened.close();
  });

  it('JSON: without a SQLite journal, kept in the data dir\'s 0600 file; a corrupt file is set aside', () => {
    const store = progressStoreFor(new MemoryJournal(10), dir, () => undefined);
    store.save('a', { step: 1, dueAt: 1000 });
    expect(statSync(join(dir, ESCALATION_PROGRESS_FILE)).mode & 0o777).toBe(0o600);
    expect(fileProgressStore(dir, () => undefined).load()).toEqual(new Map([['a', { step: 1, dueAt: 1000 }]]));
    writeFileSync(join(dir, ESCALATION_PROGRESS_FILE), '{');
    const problems: string[] = [];
    expect(fileProgressStore(dir, (m) => void problems.push(m)).load()).toEqual(new Map());
    expect(problems).toEqual(['state file set aside, starting from defaults']);
  });
});
