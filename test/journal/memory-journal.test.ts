// MemoryJournal: the in-memory ring keeps its seqs, resume points and relay origins as entries are evicted.
import { describe, expect, it } from 'vitest';
import { MemoryJournal } from '../../src-main/server/journal/memory-journal.js';
import { systemEntry } from './journal-fixtures.js';

describe('MemoryJournal', () => {
  it('still knows an origin whose older copy was evicted while a newer copy is held', () => {
    const journal = new MemoryJournal(2, 'epoch1');
    journal.append([systemEntry(1, 'up|m-1')]);
    journal.append([systemEntry(2, 'up|m-1')]);
    journal.append([systemEntry(3)]); // evicts seq 1, the older copy
    expect(journal.hasOrigin('up|m-1')).toBe(true);
    expect(journal.lastOrigin('up|')).toBe('up|m-1');
    journal.append([systemEntry(4)]); // evicts seq 2, the last copy
    expect(journal.hasOrigin('up|m-1')).toBe(false);
    expect(journal.lastOrigin('up|')).toBeUndefined();
  });

  it('keeps the last `capacity` events of a batch larger than the capacity, with resume points to match', () => {
    const journal = new MemoryJournal(3, 'epoch1');
    const out = journal.append([1, 2, 3, 4, 5].map((n) => systemEntry(n)));
    expect(out.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(journal.size()).toBe(3);
    expect(journal.firstSeq()).toBe(2);
    expect(journal.lastSeq()).toBe(5);
    expect(journal.readAfter(0, 10).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(journal.readAfter(3, 1).map((e) => e.seq)).toEqual([4]);
    expect(journal.locate(out[0]!.messageId)).toEqual({ known: false });
    expect(journal.locate(out[1]!.messageId)).toEqual({ known: true, seq: 2 });
    expect(journal.locate(out[4]!.messageId)).toEqual({ known: true, seq: 5 });
  });

  it('reports every seq as before the first once closed', () => {
    const journal = new MemoryJournal(3, 'epoch1');
    journal.append([systemEntry(1, 'up|m-1'), systemEntry(2)]);
    journal.close();
    expect(journal.size()).toBe(0);
    expect(journal.firstSeq()).toBe(2);
    expect(journal.readAfter(0, 10)).toEqual([]);
  });
});
