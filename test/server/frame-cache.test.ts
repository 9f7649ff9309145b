// The frame cache shared by live fan-out and replay stays within its event and byte limits and hands out one framer per event.
import { describe, expect, it } from 'vitest';
import { FrameCache } from '../../src-main/server/hub/frame-cache.js';
import type { JournalEntry } from '../../src-main/server/journal/journal.js';
import { created, incident } from '../support/fixtures.js';

function entry(seq: number, description = 'd'): JournalEntry {
  const event = created(incident({ description }));
  return {
    seq, messageId: `epoch-${seq}`, publishedAt: new Date(0).toISOString(), priority: 2, event, eventType: event.event_type,
    eventJson: JSON.stringify(event), subject: {},
  };
}

describe('FrameCache', () => {
  it('returns the same framer (and frame) for an event until it is evicted, oldest used first', () => {
    const cache = new FrameCache({ maxEvents: 3, maxBytes: 1 << 20 });
    const first = cache.framerFor(entry(1));
    const frame = first.frameFor('["s"]}', 15);
    expect(cache.framerFor(entry(1))).toBe(first);
    expect(cache.framerFor(entry(1)).frameFor('["s"]}', 15)).toBe(frame);
    for (const seq of [2, 3]) cache.framerFor(entry(seq));
    cache.framerFor(entry(1));
    cache.framerFor(entry(4));
    expect(cache.size.events).toBe(3);
    expect(cache.entriesAfter(0, 10).map((e) => e.seq)).toEqual([1]);
    expect(cache.entriesAfter(2, 10).map((e) => e.seq)).toEqual([3, 4]);
  });

  it('never keeps more bytes than its limit, however large the frames', () => {
    const cache = new FrameCache({ maxEvents: 1000, maxBytes: 64 * 1024 });
    for (let seq = 1; seq <= 200; seq++) {
      const framer = cache.framerFor(entry(seq, 'x'.repeat(3000)));
      framer.frameFor('["a"]}', null);
      framer.frameFor('["a"]}', 15);
      expect(cache.size.bytes).toBeLessThanOrEqual(64 * 1024);
    }
    expect(cache.size.events).toBeGreaterThan(5);
    expect(cache.size.events).toBeLessThan(30);
  });

  it('does not hand out a framer of another event that had the same seq (a new journal epoch)', () => {
    const cache = new FrameCache();
    const old = cache.framerFor(entry(7));
    const fresh = { ...entry(7), messageId: 'other-7' };
    expect(cache.framerFor(fresh)).not.toBe(old);
    expect(cache.framerFor(fresh).entry.messageId).toBe('other-7');
  });
});
