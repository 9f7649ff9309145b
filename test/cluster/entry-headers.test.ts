// The entry as a stream message: headers built as the client's own `set` would build them, and decoded back to the same entry, also from earlier versions' headers.
import { headers, MsgHdrsImpl, type MsgHdrs } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { decodeEntry, entryHeaders, HEADER, packedEntry, unpackEntry } from '../../src-main/cluster/entry-codec.js';
import { PRIORITIES, subjectOf, type IncidentEvent } from '../../src-shared/protocol/index.js';
import type { NewJournalEntry } from '../../src-main/server/index.js';

const event: IncidentEvent = { event_type: 'system_event', category: 'c', message: 'm', metadata: {} };

const entry = (origin?: string): NewJournalEntry => ({
  publishedAt: '2026-12-04T10:00:00.000Z', priority: PRIORITIES.high, eventType: 'system_event', eventJson: JSON.stringify(event), origin,
  event, subject: { severity: undefined, state: undefined, source: 'c', resources: [], labels: { team: 'a b' } },
});

/** A delivered message as the consumer hands it over: the headers go through the wire encoding and back. */
const message = (h: MsgHdrs | undefined, body = JSON.stringify(event)) => ({
  seq: 7, data: new TextEncoder().encode(body), headers: h && MsgHdrsImpl.decode((h as MsgHdrsImpl).encode()), time: new Date('2026-12-04T11:00:00.000Z'),
});

const noIncidents = () => undefined;

describe('entryHeaders', () => {
  it('encodes to the same headers as the client\'s set(), value by value, trimmed as set() trims', () => {
    const built = MsgHdrsImpl.decode((entryHeaders(entry('  up|1-2 '), 'node1', 'id-7') as MsgHdrsImpl).encode());
    const slow = headers();
    slow.set('Nats-Msg-Id', 'id-7');
    slow.set(HEADER.entry, packedEntry(entry(), 'node1'));
    slow.set(HEADER.origin, '  up|1-2 ');
    const expected = MsgHdrsImpl.decode((slow as MsgHdrsImpl).encode());
    expect(built.toRecord()).toEqual(expected.toRecord());
    expect(built.get(HEADER.origin)).toBe('up|1-2');
  });

  it('writes what the hub computed in one header, besides the de-duplication id and a relayed event\'s origin', () => {
    const built = MsgHdrsImpl.decode((entryHeaders(entry(), 'node1', 'id-7') as MsgHdrsImpl).encode());
    expect(Object.keys(built.toRecord()).sort()).toEqual([HEADER.entry, 'Nats-Msg-Id']);
  });

  it('refuses a value with a line break, as set() does, instead of writing a broken header block', () => {
    expect(() => headers().set(HEADER.origin, 'a\r\nNats-Msg-Id: forged')).toThrow(/cannot contain/);
    expect(() => entryHeaders(entry('a\r\nNats-Msg-Id: forged'), 'node1', 'id-8')).toThrow(/cannot contain/);
  });
});

describe('decodeEntry', () => {
  it('gives back the entry a node published: priority, time, subject (spaces and all), origin and the node', () => {
    const d = decodeEntry(message(entryHeaders(entry('up|1-2'), 'node1', 'id-7')), 'ep', noIncidents);
    expect(d?.node).toBe('node1');
    expect(d?.entry).toEqual({ ...entry('up|1-2'), seq: 7, messageId: 'ep-7', incidentId: undefined });
  });

  it('reads the separate headers that earlier versions wrote (messages already in the stream at an upgrade)', () => {
    const old = headers();
    old.set('Nats-Msg-Id', 'id-7');
    old.set(HEADER.publishedAt, '2026-12-04T10:00:00.000Z');
    old.set(HEADER.priority, String(PRIORITIES.high));
    old.set(HEADER.subject, JSON.stringify(entry().subject));
    old.set(HEADER.node, 'node1');
    const d = decodeEntry(message(old), 'ep', noIncidents);
    expect(d?.node).toBe('node1');
    expect(d?.entry).toEqual({ ...entry(), seq: 7, messageId: 'ep-7', incidentId: undefined });
  });

  it('handles a packed header it cannot read like a message of another NATS client: validated, priority and subject worked out', () => {
    for (const value of ['2 node1 1 2026-12-04T10:00:00.000Z {}', '1 node1 9 2026-12-04T10:00:00.000Z {}', '1 node1  2026-12-04T10:00:00.000Z {}', '1 node1 1']) {
      const h = headers();
      h.set(HEADER.entry, value);
      const d = decodeEntry(message(h), 'ep', noIncidents);
      expect(d?.node, value).toBeUndefined();
      expect(d?.entry.priority, value).toBe(PRIORITIES.low);
      expect(d?.entry.publishedAt, value).toBe('2026-12-04T11:00:00.000Z');
    }
    const h = headers();
    h.set(HEADER.entry, '1 node1 1 2026-12-04T10:00:00.000Z {}');
    expect(decodeEntry(message(h, '{"event_type":"system_event"}'), 'ep', noIncidents)?.entry.event.event_type).toBe('system_event');
    expect(decodeEntry(message(undefined, '{"event_type":"system_event"}'), 'ep', noIncidents)).toBeUndefined();
  });

  it('does not read an earlier version\'s node header without a protocol priority as P0 (it was Number(\'\') = 0 before)', () => {
    const old = headers();
    old.set(HEADER.node, 'node1');
    old.set(HEADER.publishedAt, '2026-12-04T10:00:00.000Z');
    const d = decodeEntry(message(old), 'ep', noIncidents);
    expect(d?.node).toBeUndefined();
    expect(d?.entry.priority).toBe(PRIORITIES.low);
  });

  it('works the subject out again when the written one is not JSON', () => {
    const h = headers();
    h.set(HEADER.entry, '1 node1 1 2026-12-04T10:00:00.000Z {not json');
    expect(decodeEntry(message(h), 'ep', noIncidents)?.entry.subject).toEqual(subjectOf(event, noIncidents));
  });

  it('unpacks only the version it knows', () => {
    expect(unpackEntry(packedEntry(entry(), 'n'))).toEqual({ node: 'n', priority: PRIORITIES.high, publishedAt: '2026-12-04T10:00:00.000Z', subjectJson: JSON.stringify(entry().subject) });
    expect(unpackEntry('')).toBeUndefined();
  });
});
