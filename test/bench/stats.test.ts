// Percentiles are nearest-rank, and samples without a send stamp are left out.
import { describe, expect, it } from 'vitest';
import { mergeSamples, percentiles, ProblemCounter, SampleBuffer } from './stats.js';

describe('stats', () => {
  it('computes nearest-rank p50, p99 and max', () => {
    const samples = Float64Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentiles(samples)).toEqual({ p50: 50, p99: 99, max: 100, count: 100 });
    expect(percentiles(new Float64Array(0))).toBeUndefined();
  });

  it('grows the sample buffer and merges parts without NaN', () => {
    const buf = new SampleBuffer();
    for (let i = 0; i < 70_000; i++) buf.push(i);
    buf.push(Number.NaN);
    expect(buf.length).toBe(70_001);
    const merged = mergeSamples([buf.toArray(), Float64Array.of(1, Number.NaN)]);
    expect(merged.length).toBe(70_001);
    buf.clear();
    expect(buf.toArray().length).toBe(0);
  });

  it('counts repeated problems', () => {
    const p = new ProblemCounter();
    p.add('closed by server with 4001');
    p.add('closed by server with 4001');
    p.add('error rate_limited');
    expect(p.list()).toEqual(['closed by server with 4001 (×2)', 'error rate_limited']);
    const merged = new ProblemCounter();
    merged.addListed(p.list());
    merged.addListed(['closed by server with 4001 (×3)']);
    expect(merged.list()).toEqual(['closed by server with 4001 (×5)', 'error rate_limited']);
  });
});
