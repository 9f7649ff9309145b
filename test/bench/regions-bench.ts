// Two regions on a NATS supercluster: events/s published in one region and seen in the other, and cross-region delivery latency.
// Run: npm run build && node dist/test/bench/regions-bench.js [--servers-per-region 3] [--quick]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { startNatsRegions, type NatsRegions } from '../support/nats-regions.js';
import { startServer, type RunningServer } from './server-process.js';
import { percentiles, type Percentiles } from './stats.js';

export interface RegionsBenchOptions {
  /** NATS servers per region (the streams get as many replicas, up to 3). Default 1. */
  serversPerRegion?: number;
  /** Events published in region eu for the throughput figure. Default 20,000. */
  events?: number;
  /** Events per POST. Default 100. */
  batchSize?: number;
  /** POSTs in flight. Default 8. */
  concurrency?: number;
  /** Single events timed from POST in eu to arrival at a subscriber in us, paced at `latencyRate`/s. Default 500. */
  latencySamples?: number;
  latencyRate?: number;
}

export interface RegionsBenchResult {
  serversPerRegion: number;
  /** eu: events/s until the last 202. */
  publishEventsPerSec: number;
  /** us: events/s from the first POST until the node in us delivered every event from its region log. */
  seenRemoteEventsPerSec: number;
  /** us's log (as its node delivered it) grew by exactly the events published: each arrived once. */
  exactlyOnce: boolean;
  /** POST in eu → event frame at a subscriber in us, ms. */
  crossRegionMs: Percentiles | undefined;
}

const CLI = fileURLToPath(new URL('../../src-main/headless/cli.js', import.meta.url));
const systemEvent = (message: string) => ({ event_type: 'system_event', category: 'bench', message, metadata: {} });

async function post(node: RunningServer, body: unknown): Promise<void> {
  const res = await fetch(`${node.baseUrl}/v1/events`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${node.token}` }, body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  if (res.status !== 202) throw new Error(`publish answered ${res.status}`);
}

/** A subscriber calling `onEvent` with each bench event's message and arrival time. */
async function subscriber(node: RunningServer, onEvent: (message: string, at: number) => void): Promise<WebSocket> {
  const ws = new WebSocket(`${node.baseUrl.replace(/^http/, 'ws')}/ws`);
  ws.on('message', (data) => {
    const f = JSON.parse(String(data)) as { type: string; event?: { message?: string } };
    if (f.type === 'event' && f.event?.message) onEvent(f.event.message, performance.now());
  });
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  ws.send(JSON.stringify({ type: 'subscribe', subscription_id: 'bench', filters: { sources: [] } }));
  await new Promise((r) => setTimeout(r, 200));
  return ws;
}

/** The us node's delivered position in its region log (/health `cluster.consumer_seq`). */
async function deliveredIn(node: RunningServer): Promise<number> {
  const h = (await (await fetch(`${node.baseUrl}/health`)).json()) as { cluster: { consumer_seq: number } };
  return h.cluster.consumer_seq;
}

/**
 * Throughput: POSTs into eu; "seen in us" is the us node's delivered position in us's log (a WebSocket subscriber
 * would be closed as a slow consumer by a burst this size on a 2-core machine, which is not what is measured here).
 * Then latency: single events at `latencyRate`/s, POST in eu → frame at a WebSocket subscriber in us.
 */
async function measure(eu: RunningServer, us: RunningServer, o: Required<RegionsBenchOptions>): Promise<Omit<RegionsBenchResult, 'serversPerRegion'>> {
  const tag = randomUUID();
  const base = await deliveredIn(us);
  const posts = Math.ceil(o.events / o.batchSize);
  const total = posts * o.batchSize;
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: o.concurrency }, async () => {
    while (next < posts) {
      const k = next++;
      await post(eu, { events: Array.from({ length: o.batchSize }, (_, i) => systemEvent(`${tag}-load-${k}-${i}`)) });
    }
  }));
  const published = performance.now() - start;
  const deadline = Date.now() + 120_000;
  let delivered = base;
  while (delivered - base < total && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    delivered = await deliveredIn(us);
  }
  const seenAt = performance.now();
  await new Promise((r) => setTimeout(r, 500)); // a double would land right behind
  const exactlyOnce = (await deliveredIn(us)) - base === total;
  const sentAt = new Map<string, number>();
  const latency: number[] = [];
  let arrived: (() => void) | undefined;
  const ws = await subscriber(us, (message, at) => {
    const t = sentAt.get(message);
    if (t === undefined) return;
    latency.push(at - t);
    arrived?.();
  });
  try {
    for (let k = 0; k < o.latencySamples; k++) {
      const marker = `${tag}-lat-${k}`;
      const got = new Promise<void>((resolve) => { arrived = resolve; });
      const t0 = performance.now();
      sentAt.set(marker, t0);
      await post(eu, systemEvent(marker));
      await Promise.race([got, new Promise((r) => setTimeout(r, 5000))]);
      const pause = 1000 / o.latencyRate - (performance.now() - t0);
      if (pause > 0) await new Promise((r) => setTimeout(r, pause));
    }
  } finally {
    ws.terminate();
  }
  return {
    publishEventsPerSec: Math.round(total / (published / 1000)), seenRemoteEventsPerSec: Math.round((delivered - base) / ((seenAt - start) / 1000)),
    exactlyOnce, crossRegionMs: percentiles(Float64Array.from(latency)),
  };
}

/** Regions eu and us (`serversPerRegion` nats-servers each, gateways between), one relay node in each: publish in eu, subscribe in us. */
export async function runRegionsBench(options: RegionsBenchOptions = {}): Promise<RegionsBenchResult> {
  const o: Required<RegionsBenchOptions> = { serversPerRegion: 1, events: 20_000, batchSize: 100, concurrency: 8, latencySamples: 500, latencyRate: 100, ...options };
  const dirs: string[] = [];
  const running: RunningServer[] = [];
  let nats: NatsRegions | undefined;
  try {
    nats = await startNatsRegions(['eu', 'us'], o.serversPerRegion);
    const replicas = String(Math.min(3, o.serversPerRegion));
    const start = async (region: string, other: string) => {
      const dataDir = mkdtempSync(join(tmpdir(), `regions-bench-${region}-`));
      dirs.push(dataDir);
      const s = await startServer({
        argv: [CLI, 'serve'],
        extraArgs: ['--log-level', 'warn', '--cluster', nats!.regions.get(region)!.urls, '--region', region, '--source-regions', other, '--cluster-replicas', replicas],
      }, { dataDir, compression: false, journal: true });
      running.push(s);
      return s;
    };
    const [eu, us] = await Promise.all([start('eu', 'us'), start('us', 'eu')]);
    return { serversPerRegion: o.serversPerRegion, ...await measure(eu, us, o) };
  } finally {
    await Promise.all(running.map((s) => s.stop()));
    await nats?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

const ms = (p: Percentiles | undefined, key: 'p50' | 'p99') => (p ? p[key].toFixed(2) : '-').padStart(8);

/** The two-region publish row. */
export function formatRegionsBench(r: RegionsBenchResult): string {
  return [
    `two regions (eu → us, ${r.serversPerRegion} nats-server${r.serversPerRegion > 1 ? 's' : ''} per region, gateways; publish = 202 after eu's intake acknowledged and eu's log holds it):`,
    '  publish ev/s (eu)  seen in us ev/s  exactly once  cross-region p50  cross-region p99   target',
    `  ${String(r.publishEventsPerSec).padStart(17)}  ${String(r.seenRemoteEventsPerSec).padStart(15)}  ${(r.exactlyOnce ? 'yes' : 'NO').padStart(12)}  `
      + `${ms(r.crossRegionMs, 'p50')} ms       ${ms(r.crossRegionMs, 'p99')} ms   every event once in the other region: ${r.exactlyOnce ? 'met' : 'MISSED'}`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  const at = process.argv.indexOf('--servers-per-region');
  const serversPerRegion = at > 0 ? Number(process.argv[at + 1]) : 1;
  runRegionsBench({ serversPerRegion, ...(quick ? { events: 5000, latencySamples: 200 } : {}) }).then((r) => console.log(formatRegionsBench(r)), (err: unknown) => {
    console.error(`regions bench failed: ${(err as Error).message}`);
    process.exitCode = 1;
  });
}
