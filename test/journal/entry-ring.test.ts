// EntryRing: eviction order, seq look-up over gaps, counted origins, and bounded storage across compactions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntryRing } from '../../src-main/server/journal/entry-ring.js';
import type { JournalEntry } from '../../src-main/server/journal/journal.js';
import { systemEntry } from './journal-fixtures.js';

function entry(seq: number, origin?: string): JournalEntry {
  return { ...systemEntry(seq, origin), seq, messageId: `e-${seq}` };
}

const seqsOf = (entries: readonly JournalEntry[]): number[] => entries.map((e) => e.seq);

describe('EntryRing', () => {
  it('rejects a capacity that is not a positive integer, naming the ring', () => {
    expect(() => new EntryRing(0, 'window')).toThrow(/window capacity must be a positive integer, got 0/);
    expect(() => new EntryRing(1.5)).toThrow(RangeError);
  });

  it('returns nothing while there is room, then evicts the oldest entry per push', () => {
    const ring = new EntryRing(2);
    expect(ring.oldest()).toBeUndefined();
    expect(ring.push(entry(1))).toBeUndefined();
    expect(ring.push(entry(2))).toBeUndefined();
    expect(ring.push(entry(3))?.seq).toBe(1);
    expect(ring.push(entry(4))?.seq).toBe(2);
    expect(ring.size()).toBe(2);
    expect(ring.oldest()?.seq).toBe(3);
  });

  it('reads after a seq by position even when the stream skips seqs', () => {
    const ring = new EntryRing(10);
    for (const seq of [2, 5, 9, 10, 14]) ring.push(entry(seq));
    expect(seqsOf(ring.readAfter(0, 100))).toEqual([2, 5, 9, 10, 14]);
    expect(seqsOf(ring.readAfter(5, 100))).toEqual([9, 10, 14]);
    expect(seqsOf(ring.readAfter(6, 100))).toEqual([9, 10, 14]);
    expect(seqsOf(ring.readAfter(3, 2))).toEqual([5, 9]);
    expect(ring.readAfter(14, 100)).toEqual([]);
    expect(ring.readAfter(99, 100)).toEqual([]);
  });

  it('reads after a seq in a gap-free stream, including before the oldest and past the newest', () => {
    const ring = new EntryRing(4);
    for (let seq = 1; seq <= 7; seq++) ring.push(entry(seq)); // holds 4..7
    expect(seqsOf(ring.readAfter(-5, 10))).toEqual([4, 5, 6, 7]);
    expect(seqsOf(ring.readAfter(2, 10))).toEqual([4, 5, 6, 7]);
    expect(seqsOf(ring.readAfter(4, 2))).toEqual([5, 6]);
    expect(seqsOf(ring.readAfter(6, 10))).toEqual([7]);
    expect(ring.readAfter(7, 10)).toEqual([]);
  });

  it('keeps an origin while a newer copy is held after the older copy is evicted', () => {
    const ring = new EntryRing(2);
    ring.push(entry(1, 'up|a'));
    ring.push(entry(2, 'up|a'));
    ring.push(entry(3));
    expect(ring.hasOrigin('up|a')).toBe(true);
    ring.push(entry(4));
    expect(ring.hasOrigin('up|a')).toBe(false);
  });

  it('finds the newest held origin with a prefix, forgetting evicted ones', () => {
    const ring = new EntryRing(3);
    ring.push(entry(1, 'up|1'));
    ring.push(entry(2, 'other|7'));
    ring.push(entry(3, 'up|2'));
    ring.push(entry(4));
    expect(ring.lastOrigin('up|')).toBe('up|2');
    expect(ring.lastOrigin('other|')).toBe('other|7');
    ring.push(entry(5));
    ring.push(entry(6));
    expect(ring.lastOrigin('up|')).toBeUndefined();
    expect(ring.lastOrigin('other|')).toBeUndefined();
  });

  it('clears entries and origins', () => {
    const ring = new EntryRing(3);
    ring.push(entry(1, 'up|1'));
    ring.clear();
    expect(ring.size()).toBe(0);
    expect(ring.oldest()).toBeUndefined();
    expect(ring.hasOrigin('up|1')).toBe(false);
    expect(ring.readAfter(0, 10)).toEqual([]);
    ring.push(entry(2));
    expect(seqsOf(ring.readAfter(0, 10))).toEqual([2]);
  });

  it('matches a plain list model over many pushes, across compactions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.record({ gap: fc.constantFrom(1, 1, 1, 2, 7), origin: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }) }), { maxLength: 80 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 5 }),
        (capacity, pushes, probe, limit) => {
          const ring = new EntryRing(capacity);
          const model: JournalEntry[] = [];
          let seq = 0;
          for (const p of pushes) {
            seq += p.gap;
            const e = entry(seq, p.origin);
            const evicted = ring.push(e);
            model.push(e);
            expect(evicted).toBe(model.length > capacity ? model.shift() : undefined);
          }
          expect(ring.size()).toBe(model.length);
          expect(ring.oldest()).toBe(model[0]);
          const after = (probe % (seq + 4)) - 2;
          expect(ring.readAfter(after, limit)).toEqual(model.filter((e) => e.seq > after).slice(0, limit));
          for (const e of model) expect(ring.readAfter(e.seq - 1, 1)).toEqual([e]);
          for (const o of ['a', 'b', 'c']) {
            expect(ring.hasOrigin(o)).toBe(model.some((e) => e.origin === o));
            expect(ring.lastOrigin(o)).toBe(model.filter((e) => e.origin === o).pop()?.origin);
          }
        },
      ),
    );
  });
});
