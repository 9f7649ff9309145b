// A just-created stream's `created` time is read again until it stops changing, so every node derives the same epoch.
import type { StreamInfo } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { STREAM_SETTLE_MS, settledStreamInfo } from '../../src-main/cluster/settled-stream.js';

const NOW = Date.parse('2026-12-05T00:18:14.000Z');
const infoAt = (created: string): StreamInfo => ({ created, config: { name: 'INCIDENT_RELAY_US' } }) as unknown as StreamInfo;

/** A stream whose successive info reads answer `answers` in turn (the last one from then on); counts reads and waits. */
function reader(answers: string[]) {
  let reads = 0;
  const waits: number[] = [];
  return {
    streams: { info: async () => infoAt(answers[Math.min(reads++, answers.length - 1)]!) },
    wait: async (ms: number) => void waits.push(ms),
    get reads() { return reads; },
    waits,
  };
}

describe('settledStreamInfo', () => {
  it('answers a stream older than the settling time at once, without reading it again', async () => {
    const r = reader([]);
    const old = infoAt(new Date(NOW - STREAM_SETTLE_MS - 1).toISOString());
    expect(await settledStreamInfo(r.streams, old, () => NOW, r.wait)).toBe(old);
    expect(r.reads).toBe(0);
  });

  it('reads a just-created stream again and follows the value the competing create left, until two reads agree', async () => {
    // As measured: one node read .169961038Z, the other .170000737Z; later reads all said .170000737Z.
    const r = reader(['2026-12-05T00:18:12.170000737Z', '2026-12-05T00:18:12.170000737Z']);
    const got = await settledStreamInfo(r.streams, infoAt('2026-12-05T00:18:12.169961038Z'), () => NOW, r.wait);
    expect(got.created).toBe('2026-12-05T00:18:12.170000737Z');
    expect(r.reads).toBe(2);
    expect(r.waits.every((ms) => ms >= 250 && ms <= STREAM_SETTLE_MS)).toBe(true);
  });

  it('keeps the first read when the second agrees with it', async () => {
    const r = reader(['2026-12-05T00:18:13.500000000Z']);
    const got = await settledStreamInfo(r.streams, infoAt('2026-12-05T00:18:13.500000000Z'), () => NOW, r.wait);
    expect(got.created).toBe('2026-12-05T00:18:13.500000000Z');
    expect(r.reads).toBe(1);
    expect(r.waits).toEqual([1_500]);
  });
});
