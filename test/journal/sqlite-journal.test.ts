// The SQLite journal: ids, paging, locate, epochs across reopen and wipe, atomic batches, and parity with the memory journal.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatMessageId } from '../../src-main/server/journal/journal.js';
import { MemoryJournal } from '../../src-main/server/journal/memory-journal.js';
import { RETAINED_BOUNDS_SQL, SqliteJournal } from '../../src-main/server/journal/sqlite-journal.js';
import { entryNumber, incidentEntry, makeIncident, makeTempDir, systemEntries, systemEntry } from './journal-fixtures.js';

let temp: ReturnType<typeof makeTempDir>;
let file: string;
const open: SqliteJournal[] = [];
const openJournal = (options: ConstructorParameters<typeof SqliteJournal>[1] = {}): SqliteJournal => {
  const j = new SqliteJournal(file, options);
  open.push(j);
  return j;
};

beforeEach(() => {
  temp = makeTempDir();
  file = join(temp.dir, 'data', 'journal.db');
});
afterEach(() => {
  for (const j of open.splice(0)) j.close();
  temp.cleanup();
});

describe('SqliteJournal', () => {
  it('creates the file and its directory, and starts empty', () => {
    const j = openJournal();
    expect(j.epoch).toMatch(/^[0-9a-f]{12}$/);
    expect([j.size(), j.firstSeq(), j.lastSeq()]).toEqual([0, 0, 0]);
    expect(j.readAfter(0, 10)).toEqual([]);
  });

  it('reads its retained bounds at open with two index seeks, not a scan of every event (start-up time)', () => {
    const j = openJournal();
    j.append(systemEntries(1, 5));
    const plan = (j.db.prepare(`EXPLAIN QUERY PLAN ${RETAINED_BOUNDS_SQL}`).all() as Array<{ detail: string }>).map((r) => r.detail);
    expect(plan.filter((d) => /\bevents\b/.test(d))).toEqual(['SEARCH events', 'SEARCH events']);
    expect(j.db.prepare(RETAINED_BOUNDS_SQL).get()).toEqual({ lo: 1, hi: 5 });
  });

  it('assigns contiguous seqs and <epoch>-<seq> ids, and returns the entries it stored', () => {
    const j = openJournal();
    const first = j.append(systemEntries(1, 3));
    const second = j.append([systemEntry(4)]);
    expect([...first, ...second].map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(second[0]!.messageId).toBe(`${j.epoch}-4`);
    expect([j.size(), j.firstSeq(), j.lastSeq()]).toEqual([4, 0, 4]);
    expect(j.append([])).toEqual([]);
    expect(j.lastSeq()).toBe(4);
  });

  it('round-trips every stored field', () => {
    const j = openJournal();
    const relayed = { ...incidentEntry(makeIncident({ id: 'A1B2C3D4-0000-4000-8000-000000000001' })), origin: 'upstream-a|x-17' };
    const [stored] = j.append([relayed]);
    const [read] = j.readAfter(0, 1);
    expect(read).toEqual(stored);
    expect(read).toMatchObject({ incidentId: 'a1b2c3d4-0000-4000-8000-000000000001', origin: 'upstream-a|x-17', priority: relayed.priority });
    expect(read!.subject).toEqual(relayed.subject);
    expect(JSON.parse(read!.eventJson)).toEqual(read!.event);
    expect({ ...read! }.event).toEqual(relayed.event); // the lazily parsed event survives a spread
  });

  it('pages through readAfter oldest first', () => {
    const j = openJournal();
    j.append(systemEntries(1, 250));
    const pages: number[][] = [];
    for (let after = 0, page = j.readAfter(after, 100); page.length > 0; after = page.at(-1)!.seq, page = j.readAfter(after, 100)) {
      pages.push(page.map(entryNumber));
    }
    expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
    expect(pages.flat()).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(j.readAfter(240, 5).map((e) => e.seq)).toEqual([241, 242, 243, 244, 245]);
    expect(() => j.readAfter(0, 0)).toThrow(/limit/);
  });

  it('locates its own retained ids and nothing else', () => {
    const j = openJournal();
    j.append(systemEntries(1, 5));
    expect(j.locate(formatMessageId(j.epoch, 3))).toEqual({ known: true, seq: 3 });
    expect(j.locate(formatMessageId(j.epoch, 5))).toEqual({ known: true, seq: 5 });
    expect(j.locate(formatMessageId(j.epoch, 6))).toEqual({ known: false }); // never issued
    expect(j.locate(formatMessageId('0123456789ab', 3))).toEqual({ known: false }); // another epoch
    expect(j.locate('not-an-id')).toEqual({ known: false });
    expect(j.locate('')).toEqual({ known: false });
  });

  it('answers hasOrigin and lastOrigin for journaled relayed events', () => {
    const j = openJournal();
    j.append([systemEntry(1, 'up|1'), systemEntry(2), systemEntry(3, 'up|9'), systemEntry(4, 'upstream-b|2'), systemEntry(5, 'up|10')]);
    expect(j.hasOrigin('up|1')).toBe(true);
    expect(j.hasOrigin('up|2')).toBe(false);
    expect(j.lastOrigin('up|')).toBe('up|10'); // newest by seq, not the largest string
    expect(j.lastOrigin('upstream-b|')).toBe('upstream-b|2');
    expect(j.lastOrigin('upstream-c|')).toBeUndefined();
    expect(j.lastOrigin('')).toBe('up|10');
  });

  it('keeps its epoch and events across close and reopen, and continues the seqs', () => {
    const first = openJournal();
    const [stored] = first.append(systemEntries(1, 3)).slice(-1);
    first.close();
    const again = openJournal();
    expect(again.epoch).toBe(first.epoch);
    expect(again.locate(stored!.messageId)).toEqual({ known: true, seq: 3 });
    expect(again.append([systemEntry(4)])[0]!.seq).toBe(4);
    expect(again.readAfter(0, 10).map(entryNumber)).toEqual([1, 2, 3, 4]);
  });

  it('gets a new epoch when the file is wiped, so old ids are unknown', () => {
    const first = openJournal();
    const [old] = first.append([systemEntry(1)]);
    first.close();
    rmSync(file);
    const fresh = openJournal();
    expect(fresh.epoch).not.toBe(first.epoch);
    expect(fresh.locate(old!.messageId)).toEqual({ known: false });
    expect(fresh.append([systemEntry(1)])[0]!.messageId).toBe(`${fresh.epoch}-1`);
  });

  it('appends all or nothing: a failing batch stores nothing and changes no position', () => {
    const j = openJournal();
    j.append(systemEntries(1, 2));
    let fail = true;
    j.addAppendHook(() => {
      if (fail) throw new Error('hook failed');
    });
    expect(() => j.append(systemEntries(3, 5))).toThrow('hook failed');
    expect([j.size(), j.lastSeq()]).toEqual([2, 2]);
    fail = false;
    expect(j.append([systemEntry(3)])[0]!.seq).toBe(3);
    expect(j.readAfter(0, 10).map(entryNumber)).toEqual([1, 2, 3]);
  });

  it('refuses a second open of a file another journal holds, naming the path', () => {
    openJournal();
    expect(() => new SqliteJournal(file)).toThrow(file);
  });

  it('behaves like the memory journal for any sequence of batches and reads', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('append' as const), count: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant('read' as const), after: fc.integer({ min: -1, max: 40 }), limit: fc.integer({ min: 1, max: 9 }) }),
      fc.record({ kind: fc.constant('locate' as const), seq: fc.integer({ min: 0, max: 40 }) }),
      // Around the retention boundary, where an off-by-one would hide.
      fc.record({ kind: fc.constant('locateNearFirst' as const), delta: fc.integer({ min: -1, max: 1 }) }),
      fc.record({ kind: fc.constant('origin' as const), upstream: fc.constantFrom('', 'up0|', 'up1|', 'up2|'), n: fc.integer({ min: 1, max: 40 }) }),
    );
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.array(op, { maxLength: 25 }), (capacity, ops) => {
      rmSync(file, { force: true });
      const sqlite = new SqliteJournal(file, { maxEvents: capacity, pruneChunk: 3, synchronous: 'NORMAL' });
      try {
        const memory = new MemoryJournal(capacity, sqlite.epoch);
        let n = 0;
        for (const o of ops) {
          if (o.kind === 'append') {
            // Some entries are relayed from one of three upstreams.
            const batch = systemEntries(n + 1, o.count).map((e, i) => ((n + i) % 4 === 3 ? e : { ...e, origin: `up${(n + i) % 4}|${n + i}` }));
            n += o.count;
            expect(sqlite.append(batch)).toEqual(memory.append(batch));
            while (sqlite.prune() > 0); // the memory journal prunes inside append
          } else if (o.kind === 'read') {
            expect(sqlite.readAfter(o.after, o.limit)).toEqual(memory.readAfter(o.after, o.limit));
          } else if (o.kind === 'origin') {
            expect(sqlite.lastOrigin(o.upstream)).toBe(memory.lastOrigin(o.upstream));
            expect(sqlite.hasOrigin(`${o.upstream || 'up1|'}${o.n}`)).toBe(memory.hasOrigin(`${o.upstream || 'up1|'}${o.n}`));
          } else {
            const id = formatMessageId(sqlite.epoch, o.kind === 'locate' ? o.seq : memory.firstSeq() + o.delta);
            expect(sqlite.locate(id)).toEqual(memory.locate(id));
          }
          expect([sqlite.firstSeq(), sqlite.lastSeq(), sqlite.size()]).toEqual([memory.firstSeq(), memory.lastSeq(), memory.size()]);
        }
      } finally {
        sqlite.close();
      }
    }), { numRuns: 100 });
  });
});
