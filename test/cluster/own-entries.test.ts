// The publishing node's memory of its own entries: kept only when the stream's message is exactly that entry, taken once, never kept past delivery.
import { describe, expect, it } from 'vitest';
import { OwnEntries } from '../../src-main/cluster/own-entries.js';
import type { NewJournalEntry } from '../../src-main/server/index.js';

const entry = (n: number, origin?: string): NewJournalEntry => ({
  publishedAt: `2026-12-05T01:00:0${n}.000Z`, priority: 3, eventType: 'system_event', eventJson: `{"n":${n}}`, origin,
  event: { event_type: 'system_event', category: 'c', message: `m${n}`, metadata: {} }, subject: { resources: [], labels: {} },
});

describe('OwnEntries', () => {
  it('gives back a remembered entry once, at its seq and with its message id', () => {
    const own = new OwnEntries('ep');
    own.remember(entry(1), 11, false, 10);
    expect(own.take(11)).toEqual({ ...entry(1), seq: 11, messageId: 'ep-11' });
    expect(own.take(11)).toBeUndefined();
  });

  it('keeps no duplicate (the stream holds the first copy), no relayed event, and nothing the consumer already delivered', () => {
    const own = new OwnEntries('ep');
    own.remember(entry(1), 11, true, 10);
    own.remember(entry(2, 'up|7'), 12, false, 10);
    own.remember(entry(3), 10, false, 10);
    for (const seq of [10, 11, 12]) expect(own.take(seq)).toBeUndefined();
  });

  it('forgets what the consumer went past without taking it', () => {
    const own = new OwnEntries('ep');
    for (let seq = 1; seq <= 5; seq++) own.remember(entry(seq), seq, false, 0);
    own.forgetUpTo(3);
    expect([1, 2, 3].map((seq) => own.take(seq))).toEqual([undefined, undefined, undefined]);
    expect(own.take(4)?.seq).toBe(4);
  });
});
