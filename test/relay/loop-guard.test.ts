// Loop protection rules on their own: the trace an event gains per hop, and each reason an event is not re-published.
import { describe, expect, it } from 'vitest';
import { priorityOf, type IncidentEvent } from '../../src-shared/protocol/index.js';
import type { NewJournalEntry } from '../../src-main/server/journal/journal.js';
import { MemoryJournal } from '../../src-main/server/journal/memory-journal.js';
import { LoopGuard } from '../../src-main/relay/loop-guard.js';
import { OriginIndex } from '../../src-main/relay/origin-index.js';
import { RELAY_TRACE_FIELD, readTrace, streamIdOf } from '../../src-main/relay/relay-trace.js';
import { numbered } from './relay-harness.js';

const SELF = 'aaaaaaaaaaaa';
const UP = 'bbbbbbbbbbbb';
const OTHER = 'cccccccccccc';

function guard(maxHops = 8) {
  const origins = new OriginIndex(100);
  return { origins, loops: new LoopGuard({ selfStream: SELF, maxHops, origins }) };
}

const traced = (origin: string, path: string[]): IncidentEvent => ({ ...numbered(1), [RELAY_TRACE_FIELD]: { origin_id: origin, path } } as IncidentEvent);

describe('loop guard', () => {
  it('starts a trace at the first hop: the upstream message id is the origin, the upstream stream the path', () => {
    const verdict = guard().loops.judge(`${UP}-7`, numbered(1));
    expect(verdict).toMatchObject({ pass: true, originId: `${UP}-7` });
    expect(verdict.pass && readTrace(verdict.event)).toEqual({ origin_id: `${UP}-7`, path: [UP] });
  });

  it('extends a trace with the upstream it came from, keeping the origin', () => {
    const verdict = guard().loops.judge(`${UP}-3`, traced(`${OTHER}-1`, [OTHER]));
    expect(verdict.pass && readTrace(verdict.event)).toEqual({ origin_id: `${OTHER}-1`, path: [OTHER, UP] });
  });

  it('drops an event from its own stream, one that passed through here, a known origin and one past the hop limit', () => {
    const { loops, origins } = guard(2);
    expect(loops.judge(`${SELF}-1`, numbered(1))).toEqual({ pass: false, reason: 'own_stream' });
    expect(loops.judge(`${UP}-1`, traced(`${SELF}-4`, [SELF]))).toEqual({ pass: false, reason: 'in_path' });
    expect(loops.judge(`${UP}-1`, traced(`${OTHER}-9`, [OTHER, 'dddddddddddd']))).toEqual({ pass: false, reason: 'hop_limit' });
    origins.add(`${OTHER}-5`);
    expect(loops.judge(`${UP}-2`, traced(`${OTHER}-5`, [OTHER]))).toEqual({ pass: false, reason: 'known_origin' });
  });

  it('rebuilds a malformed trace from this hop instead of dropping the event', () => {
    const bad = { ...numbered(1), [RELAY_TRACE_FIELD]: { origin_id: 5, path: 'x' } } as unknown as IncidentEvent;
    const verdict = guard().loops.judge(`${UP}-1`, bad);
    expect(verdict).toMatchObject({ pass: true, malformedTrace: true });
    expect(verdict.pass && readTrace(verdict.event)).toEqual({ origin_id: `${UP}-1`, path: [UP] });
  });

  it('counts a server with foreign message ids as an unknown hop and never dedupes on its ids', () => {
    const { loops, origins } = guard();
    expect(streamIdOf('evt-1')).toBeUndefined();
    origins.add('evt-1');
    const verdict = loops.judge('evt-1', numbered(1));
    expect(verdict.pass && readTrace(verdict.event)).toEqual({ origin_id: 'evt-1', path: ['unknown'] });
  });
});

describe('origin index', () => {
  it('forgets the oldest ids beyond its capacity', () => {
    const index = new OriginIndex(2);
    for (const n of [1, 2, 3]) index.add(`${UP}-${n}`);
    expect([1, 2, 3].map((n) => index.has(`${UP}-${n}`))).toEqual([false, true, true]);
  });

  it('seeds from the journal: local events by their message id, relayed ones by their origin', () => {
    const journal = new MemoryJournal(10, SELF);
    const entry = (event: IncidentEvent): NewJournalEntry => ({
      publishedAt: new Date().toISOString(), priority: priorityOf(event), event, eventType: event.event_type, eventJson: JSON.stringify(event), subject: {},
    });
    const [local, relayed] = journal.append([entry(numbered(1)), entry(traced(`${OTHER}-8`, [OTHER]))]);
    const index = new OriginIndex(100);
    index.seed(journal);
    expect(index.has(local!.messageId)).toBe(true);
    expect(index.has(`${OTHER}-8`)).toBe(true);
    expect(index.has(relayed!.messageId)).toBe(false);
  });
});
