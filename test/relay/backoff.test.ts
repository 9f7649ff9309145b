// Reconnect delays: full jitter under a doubling ceiling (1 s to 30 s by default), reset after a stable connection.
import { describe, expect, it } from 'vitest';
import { Backoff } from '../../src-shared/backoff.js';
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
    expect(resolveTimings()).toMatchObject({ backoffBaseMs: 1000, backoffCapMs: 30_000, stableAfterMs: 60_000 });
    expect(resolveTimings({ backoffBaseMs: 50 })).toMatchObject({ ...DEFAULT_RELAY_TIMINGS, backoffBaseMs: 50 });
    expect(() => resolveTimings({ backoffBaseMs: 5000, backoffCapMs: 1000 })).toThrow(/backoffCapMs/);
    expect(() => resolveTimings({ pingIntervalMs: 0 })).toThrow(/pingIntervalMs/);
  });
});
