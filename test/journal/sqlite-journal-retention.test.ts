// Retention of the SQLite journal: by count and by age, in chunks, on a timer; pruned ids become unknown.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteJournal, type SqliteJournalOptions } from '../../src-main/server/journal/sqlite-journal.js';
import { entryNumber, makeTempDir, systemEntries } from './journal-fixtures.js';

let temp: ReturnType<typeof makeTempDir>;
let file: string;
const open: SqliteJournal[] = [];
const openJournal = (options: SqliteJournalOptions): SqliteJournal => {
  const j = new SqliteJournal(file, options);
  open.push(j);
  return j;
};
const pruneAll = (j: SqliteJournal): number[] => {
  const steps: number[] = [];
  for (let n = j.prune(); n > 0; n = j.prune()) steps.push(n);
  return steps;
};

beforeEach(() => {
  temp = makeTempDir();
  file = join(temp.dir, 'journal.db');
});
afterEach(() => {
  for (const j of open.splice(0)) j.close();
  temp.cleanup();
});

describe('SqliteJournal retention', () => {
  it('keeps the newest maxEvents, deleting at most pruneChunk per call', () => {
    const j = openJournal({ maxEvents: 10, pruneChunk: 4 });
    const stored = j.append(systemEntries(1, 25));
    expect(pruneAll(j)).toEqual([4, 4, 4, 3]);
    expect([j.size(), j.firstSeq(), j.lastSeq()]).toEqual([10, 15, 25]);
    expect(j.readAfter(0, 100).map(entryNumber)).toEqual(Array.from({ length: 10 }, (_, i) => 16 + i));
    // Pruned ids are unknown; the last pruned one stays a valid resume point (nothing after it is missing).
    expect(j.locate(stored[13]!.messageId)).toEqual({ known: false });
    expect(j.locate(stored[0]!.messageId)).toEqual({ known: false });
    expect(j.locate(stored[14]!.messageId)).toEqual({ known: true, seq: 15 });
    expect(j.locate(stored[20]!.messageId)).toEqual({ known: true, seq: 21 });
  });

  it('drops events stored longer ago than maxAgeSecs, oldest first', () => {
    let now = 1_000_000;
    const j = openJournal({ maxAgeSecs: 60, now: () => now });
    const old = j.append(systemEntries(1, 5));
    now += 30_000;
    const young = j.append(systemEntries(6, 5));
    now += 40_000; // the first batch is now 70 s old, the second 40 s
    expect(pruneAll(j)).toEqual([5]);
    expect(j.readAfter(0, 100).map(entryNumber)).toEqual([6, 7, 8, 9, 10]);
    expect(j.locate(old[3]!.messageId)).toEqual({ known: false });
    expect(j.locate(young[0]!.messageId)).toEqual({ known: true, seq: 6 });
  });

  it('never reissues a seq after pruning everything, even across reopen', () => {
    let now = 0;
    const first = openJournal({ maxAgeSecs: 1, now: () => now });
    const gone = first.append(systemEntries(1, 3));
    now += 5_000;
    pruneAll(first);
    expect([first.size(), first.firstSeq(), first.lastSeq()]).toEqual([0, 3, 3]);
    expect(first.locate(gone[1]!.messageId)).toEqual({ known: false });
    first.close();
    const again = openJournal({ maxAgeSecs: 1, now: () => now });
    expect([again.size(), again.firstSeq(), again.lastSeq()]).toEqual([0, 3, 3]);
    expect(again.append(systemEntries(4, 1))[0]!.seq).toBe(4);
  });

  it('applies both limits together', () => {
    let now = 0;
    const j = openJournal({ maxEvents: 8, maxAgeSecs: 10, now: () => now });
    j.append(systemEntries(1, 4));
    now += 20_000;
    j.append(systemEntries(5, 6));
    pruneAll(j);
    expect(j.readAfter(0, 100).map(entryNumber)).toEqual([5, 6, 7, 8, 9, 10]);
  });

  it('prunes on a timer until within limits, and stops when asked', async () => {
    const j = openJournal({ maxEvents: 50, pruneChunk: 7 });
    j.append(systemEntries(1, 500));
    j.startPruning(5);
    await vi.waitFor(() => expect(j.size()).toBe(50), { timeout: 10_000 });
    j.stopPruning();
    j.append(systemEntries(501, 20));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(j.size()).toBe(70);
    expect(j.readAfter(0, 1)[0]!.seq).toBe(451);
  });

  it('rejects impossible retention settings, naming the option', () => {
    expect(() => openJournal({ maxEvents: 0 })).toThrow(/maxEvents/);
    expect(() => openJournal({ maxAgeSecs: -1 })).toThrow(/maxAgeSecs/);
    expect(() => openJournal({ pruneChunk: 1.5 })).toThrow(/pruneChunk/);
    expect(() => openJournal({ maxEvents: Infinity, maxAgeSecs: Infinity }).close()).not.toThrow();
  });
});
