// Reconnect delays: full jitter under a doubling ceiling (1 s to 10 s, 30 s after 5 minutes of outage), reset after 10 s stable.
import { describe, expect, it } from 'vitest';
import { Backoff } from '../../src-shared/backoff.js';
import { ReconnectSchedule } from '../../src-main/relay/reconnect-schedule.js';
import { DEFAULT_RELAY_TIMINGS, resolveTimings } from '../../src-main/relay/index.js';

describe('reconnect backoff', () => {
  it('doubles its ceiling from the base up to the cap', () => {
    const top = new Backoff({ baseMs: 1000, capMs: 30_000, random: () => 0.999_999 });
    const delays = Array.from({ length: 8 }, () => top.next());
    expect(delays.map((d) => Math.round(d / 1000))).toEqual([1, 2, 4, 8, 16, 30, 30, 30]);
  });

  it('draws each delay uniformly between zero and the ceiling (full jitter)', () => {
    const b = new Backoff({ baseMs: 1000, capMs: 30_000 });
    const thirdDelays = Array.from({ length: 400 }, () => {
      b.reset();
      b.next();
      b.next();
      return b.next(); // ceiling 4 s
    });
    expect(Math.min(...thirdDelays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...thirdDelays)).toBeLessThan(4000);
    // Spread over the whole range, not clustered at the ceiling: both halves are well used.
    expect(thirdDelays.filter((d) => d < 2000).length).toBeGreaterThan(100);
    expect(thirdDelays.filter((d) => d >= 2000).length).toBeGreaterThan(100);
  });

  it('starts again from the base after a reset', () => {
    const b = new Backoff({ baseMs: 1000, capMs: 30_000, random: () => 0.999_999 });
    for (let k = 0; k < 6; k++) b.next();
    expect(b.attempt).toBe(6);
    b.reset();
    expect(Math.round(b.next() / 1000)).toBe(1);
  });

  it('keeps the production defaults and refuses timings that cannot work', () => {
    expect(resolveTimings()).toMatchObject({
      backoffBaseMs: 1000, backoffCapMs: 10_000, backoffLateCapMs: 30_000, outageEscalateMs: 300_000, stableAfterMs: 10_000, lagWarnMs: 30_000,
    });
    expect(resolveTimings({ backoffCapMs: 40_000 }).backoffLateCapMs).toBe(40_000);
    expect(() => resolveTimings({ backoffCapMs: 20_000, backoffLateCapMs: 10_000 })).toThrow(/backoffLateCapMs/);
    expect(resolveTimings({ backoffBaseMs: 50 })).toMatchObject({ ...DEFAULT_RELAY_TIMINGS, backoffBaseMs: 50 });
    expect(() => resolveTimings({ backoffBaseMs: 5000, backoffCapMs: 1000 })).toThrow(/backoffCapMs/);
    expect(() => resolveTimings({ pingIntervalMs: 0 })).toThrow(/pingIntervalMs/);
  });

  it('caps delays at 10 s for the first 5 minutes of an outage, at 30 s after, and starts again after a reset', () => {
    let now = 0;
    const defaults = resolveTimings();
    const schedule = new ReconnectSchedule({
      baseMs: defaults.backoffBaseMs, capMs: defaults.backoffCapMs, lateCapMs: defaults.backoffLateCapMs,
      escalateAfterMs: defaults.outageEscalateMs, random: () => 0.999_999, clock: () => now,
    });
    const delays: number[] = [];
    while (now < 400_000) {
      const d = schedule.next();
      delays.push(Math.round(d / 1000));
      now += d + 5; // each refused attempt takes a few ms
    }
    const early = delays.slice(0, delays.findIndex((d) => d > 10));
    expect(early.slice(0, 6)).toEqual([1, 2, 4, 8, 10, 10]);
    expect(early.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(295); // the 10 s cap held for the first 5 minutes
    expect(new Set(delays.slice(early.length))).toEqual(new Set([30]));
    schedule.reset();
    expect(Math.round(schedule.next() / 1000)).toBe(1);
  });
});
