// The entry headers built in one step carry what the client's own `headers().set` calls would: same values, same refusals.
import { headers, MsgHdrsImpl } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { entryHeaders, HEADER } from '../../src-main/cluster/entry-codec.js';
import { PRIORITIES } from '../../src-shared/protocol/index.js';
import type { NewJournalEntry } from '../../src-main/server/index.js';

const entry = (origin?: string): NewJournalEntry => ({
  publishedAt: '2026-12-04T10:00:00.000Z', priority: PRIORITIES.high, eventType: 'system_event', eventJson: '{}', origin,
  event: { event_type: 'system_event', category: 'c', message: 'm', metadata: {} },
  subject: { severity: undefined, state: undefined, source: 'c', resources: [], labels: { team: 'a b' } },
});

describe('entryHeaders', () => {
  it('encodes to the same headers as the client\'s set(), value by value, trimmed as set() trims', () => {
    const built = MsgHdrsImpl.decode((entryHeaders(entry('  up|1-2 '), 'node1', 'id-7') as MsgHdrsImpl).encode());
    const slow = headers();
    slow.set('Nats-Msg-Id', 'id-7');
    slow.set(HEADER.publishedAt, '2026-12-04T10:00:00.000Z');
    slow.set(HEADER.priority, String(PRIORITIES.high));
    slow.set(HEADER.subject, JSON.stringify(entry().subject));
    slow.set(HEADER.node, 'node1');
    slow.set(HEADER.origin, '  up|1-2 ');
    const expected = MsgHdrsImpl.decode((slow as MsgHdrsImpl).encode());
    expect(built.toRecord()).toEqual(expected.toRecord());
    expect(built.get(HEADER.origin)).toBe('up|1-2');
  });

  it('refuses a value with a line break, as set() does, instead of writing a broken header block', () => {
    expect(() => headers().set(HEADER.origin, 'a\r\nNats-Msg-Id: forged')).toThrow(/cannot contain/);
    expect(() => entryHeaders(entry('a\r\nNats-Msg-Id: forged'), 'node1', 'id-8')).toThrow(/cannot contain/);
  });
});
