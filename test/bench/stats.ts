// Small measurement helpers: a growable sample buffer, percentiles, and a counter of distinct problems.

/** Float64 samples appended without per-sample allocation. */
export class SampleBuffer {
  private data = new Float64Array(1 << 16);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  clear(): void {
    this.length = 0;
  }

  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** Concatenates sample arrays, dropping NaN (deliveries whose send time could not be read). */
export function mergeSamples(parts: readonly Float64Array[]): Float64Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Float64Array(total);
  let n = 0;
  for (const p of parts) for (const v of p) if (!Number.isNaN(v)) out[n++] = v;
  return out.slice(0, n);
}

export interface Percentiles { p50: number; p99: number; max: number; count: number }

/** Nearest-rank percentiles of a sample set; undefined when it is empty. */
export function percentiles(samples: Float64Array): Percentiles | undefined {
  if (samples.length === 0) return undefined;
  const sorted = Float64Array.from(samples).sort();
  const rank = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
  return { p50: rank(0.5), p99: rank(0.99), max: sorted[sorted.length - 1] ?? Number.NaN, count: sorted.length };
}

/** Counts repeated problems (`closed by server with 4001` × 37) and lists them compactly. */
export class ProblemCounter {
  private readonly counts = new Map<string, number>();

  add(problem: string, times = 1): void {
    this.counts.set(problem, (this.counts.get(problem) ?? 0) + times);
  }

  /** Adds problems as another counter listed them, `(×N)` suffixes included. */
  addListed(list: readonly string[]): void {
    for (const item of list) {
      const m = / \(×(\d+)\)$/.exec(item);
      if (m?.[1]) this.add(item.slice(0, m.index), Number(m[1]));
      else this.add(item);
    }
  }

  list(): string[] {
    return [...this.counts].map(([p, n]) => (n > 1 ? `${p} (×${n})` : p));
  }
}
