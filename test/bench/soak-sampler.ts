// Samples a running server for the soak: RSS and fds from /proc, heap, loop lag and connections from its /metrics.
import { readdirSync } from 'node:fs';
import WebSocket from 'ws';
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
 * The retained heap's trend without the sessions and replays in flight at a sample: the lowest sample of each
 * `windowSecs` window, at the window's end.
 */
export function windowMinima(samples: readonly SoakSample[], fromT: number, windowSecs: number): Array<{ t: number; v: number }> {
  const out = new Map<number, { t: number; v: number }>();
  for (const s of samples) {
    if (s.t < fromT) continue;
    const w = Math.floor((s.t - fromT) / windowSecs);
    const cur = out.get(w);
    if (!cur || s.heapMiB < cur.v) out.set(w, { t: fromT + (w + 1) * windowSecs, v: s.heapMiB });
  }
  return [...out.values()];
}

/** The server's V8 inspector (`--inspect=127.0.0.1:0`): forces a full collection so heap figures hold only what is retained. */
export class RemoteGc {
  private nextId = 1;

  private constructor(private readonly ws: WebSocket) {}

  /** Connects to the `Debugger listening on ws://…` address the server printed on stderr. */
  static async connect(stderr: string): Promise<RemoteGc> {
    const url = /Debugger listening on (ws:\/\/\S+)/.exec(stderr)?.[1];
    if (!url) throw new Error(`the server printed no inspector address:\n${stderr}`);
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', (err) => reject(new Error(`cannot reach the inspector at ${url}: ${err.message}`)));
    });
    return new RemoteGc(ws);
  }

  collect(): Promise<void> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const onMessage = (data: WebSocket.RawData) => {
        if ((JSON.parse(String(data)) as { id?: number }).id !== id) return;
        this.ws.off('message', onMessage);
        resolve();
      };
      this.ws.on('message', onMessage);
      this.ws.send(JSON.stringify({ id, method: 'HeapProfiler.collectGarbage' }));
    });
  }

  close(): void {
    this.ws.close();
  }
}
