// Samples a running server for the soak: RSS and fds from /proc, heap, loop lag and connections from its /metrics.
import { readdirSync } from 'node:fs';
import { processRssKiB } from './proc-stats.js';

export interface SoakSample {
  /** Seconds since the soak started. */
  t: number;
  rssMiB: number;
  heapMiB: number;
  fds: number;
  connections: number;
  /** Event-loop delay p99 since the previous scrape (prom-client resets its histogram per scrape), ms. */
  loopLagP99Ms: number;
}

const MIB = 1024 * 1024;

function metric(text: string, name: string): number {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
  if (!m?.[1]) throw new Error(`no ${name} in /metrics`);
  return Number(m[1]);
}

export async function sample(pid: number, baseUrl: string, startedAt: number, token: string): Promise<SoakSample> {
  const res = await fetch(`${baseUrl}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET /metrics answered ${res.status}`);
  const text = await res.text();
  return {
    t: (Date.now() - startedAt) / 1000,
    rssMiB: processRssKiB(pid) / 1024,
    heapMiB: metric(text, 'nodejs_heap_size_used_bytes') / MIB,
    fds: readdirSync(`/proc/${pid}/fd`).length,
    connections: metric(text, 'websocket_active_connections'),
    loopLagP99Ms: metric(text, 'nodejs_eventloop_lag_p99_seconds') * 1000,
  };
}

/** Least-squares slope of (t seconds, value) pairs, in value units per hour. */
export function slopePerHour(points: ReadonlyArray<{ t: number; v: number }>): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mt = points.reduce((a, p) => a + p.t, 0) / n;
  const mv = points.reduce((a, p) => a + p.v, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) { num += (p.t - mt) * (p.v - mv); den += (p.t - mt) ** 2; }
  return den === 0 ? NaN : (num / den) * 3600;
}

/**
 * A heap reading without the garbage the next collection removes: the lowest of the samples in each window.
 * Returns one point per window (its end time, its minimum heap).
 */
export function windowMinima(samples: readonly SoakSample[], windowSecs: number): Array<{ t: number; v: number }> {
  const out = new Map<number, { t: number; v: number }>();
  for (const s of samples) {
    const w = Math.floor(s.t / windowSecs);
    const cur = out.get(w);
    if (!cur || s.heapMiB < cur.v) out.set(w, { t: (w + 1) * windowSecs, v: s.heapMiB });
  }
  return [...out.values()];
}
