// Cluster mode beside one node: HTTP publish throughput (202 = acknowledged) and publish-to-subscriber latency.
// Run: npm run build && node dist/test/bench/cluster-bench.js [--quick]   (needs nats-server, e.g. Debian's package)
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { startServer, type RunningServer } from './server-process.js';
import { percentiles, type Percentiles } from './stats.js';

export interface ClusterBenchOptions {
  /** Events published for the throughput figure. Default 5,000. */
  events?: number;
  /** Events per POST /v1/events. Default 10. */
  batchSize?: number;
  /** POSTs in flight at once. Default 8. */
  concurrency?: number;
  /** Single events timed from POST to arrival at a subscriber. Default 300. */
  latencySamples?: number;
  /** The nats-server program. Default /usr/sbin/nats-server. */
  natsServer?: string;
}

export interface ModeResult {
  mode: string;
  publishEventsPerSec: number;
  /** Publish (POST sent) to event frame received by a WebSocket subscriber, ms. */
  deliveryMs: Percentiles | undefined;
  /** POST sent to its 202, ms. */
  ackMs: Percentiles | undefined;
}

export interface ClusterBenchResult { results: ModeResult[] }

const here = (rel: string): string => fileURLToPath(new URL(rel, import.meta.url));
const CLI = here('../../src-main/headless/cli.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startNats(program: string, storeDir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(program, ['-js', '-sd', storeDir, '-a', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d) => { log += String(d); });
  const deadline = Date.now() + 15_000;
  while (!log.includes('Server is ready')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`nats-server did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `nats://127.0.0.1:${port}`, child };
}

const systemEvent = (message: string) => ({ event_type: 'system_event', category: 'bench', message, metadata: {} });

async function post(node: RunningServer, body: unknown): Promise<number> {
  const res = await fetch(`${node.baseUrl}/v1/events`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${node.token}` }, body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

/** `events` events in POSTs of `batchSize`, `concurrency` at a time; events per second until the last 202. */
async function publishThroughput(node: RunningServer, o: Required<ClusterBenchOptions>): Promise<number> {
  const posts = Math.ceil(o.events / o.batchSize);
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: o.concurrency }, async () => {
    while (next < posts) {
      next += 1;
      const status = await post(node, { events: Array.from({ length: o.batchSize }, (_, i) => systemEvent(`load ${next}-${i}`)) });
      if (status !== 202) throw new Error(`publish answered ${status}`);
    }
  }));
  return Math.round((posts * o.batchSize) / ((performance.now() - start) / 1000));
}

/** Publishes single events one after another to `publisher`; times their arrival at a subscriber of `subscriber`. */
async function deliveryLatency(publisher: RunningServer, subscriber: RunningServer, samples: number): Promise<Pick<ModeResult, 'deliveryMs' | 'ackMs'>> {
  const ws = new WebSocket(`${subscriber.baseUrl.replace(/^http/, 'ws')}/ws`);
  const sentAt = new Map<string, number>();
  const delivery: number[] = [];
  const ack: number[] = [];
  let arrived: (() => void) | undefined;
  ws.on('message', (data) => {
    const f = JSON.parse(String(data)) as { type: string; event?: { message?: string } };
    const t = f.type === 'event' ? sentAt.get(f.event?.message ?? '') : undefined;
    if (t === undefined) return;
    delivery.push(performance.now() - t);
    arrived?.();
  });
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  const tag = randomUUID();
  ws.send(JSON.stringify({ type: 'subscribe', subscription_id: 'lat', filters: { sources: [] } }));
  await new Promise((r) => setTimeout(r, 200));
  try {
    for (let k = 0; k < samples; k++) {
      const marker = `${tag}-${k}`;
      const got = new Promise<void>((resolve) => { arrived = resolve; });
      const t0 = performance.now();
      sentAt.set(marker, t0);
      const status = await post(publisher, systemEvent(marker));
      if (status !== 202) throw new Error(`publish answered ${status}`);
      ack.push(performance.now() - t0);
      await Promise.race([got, new Promise((r) => setTimeout(r, 5000))]);
    }
  } finally {
    ws.terminate();
  }
  return { deliveryMs: percentiles(Float64Array.from(delivery)), ackMs: percentiles(Float64Array.from(ack)) };
}

/**
 * Measures one node (SQLite journal, the default) and three cluster-mode nodes on one local nats-server:
 * publish throughput through one node, and delivery latency on the same node and from node A to node B.
 */
export async function runClusterBench(options: ClusterBenchOptions = {}): Promise<ClusterBenchResult> {
  const o: Required<ClusterBenchOptions> = {
    events: 5000, batchSize: 10, concurrency: 8, latencySamples: 300, natsServer: '/usr/sbin/nats-server', ...options,
  };
  const dirs: string[] = [];
  const dir = (name: string) => {
    const d = mkdtempSync(join(tmpdir(), `cluster-bench-${name}-`));
    dirs.push(d);
    return d;
  };
  const running: RunningServer[] = [];
  let nats: ChildProcess | undefined;
  try {
    const results: ModeResult[] = [];
    const start = async (extraArgs: string[]) => {
      const s = await startServer({ argv: [CLI, 'serve'], extraArgs: ['--log-level', 'warn', ...extraArgs] }, { dataDir: dir('node'), compression: false, journal: true });
      running.push(s);
      return s;
    };
    const single = await start([]);
    results.push({ mode: 'single node (SQLite journal)', publishEventsPerSec: await publishThroughput(single, o), ...await deliveryLatency(single, single, o.latencySamples) });
    await single.stop();

    const n = await startNats(o.natsServer, dir('nats'));
    nats = n.child;
    const nodeA = await start(['--cluster', n.url]);
    const nodeB = await start(['--cluster', n.url]);
    await start(['--cluster', n.url]);
    const clusterRate = await publishThroughput(nodeA, o);
    results.push({ mode: 'cluster, same node (A→A)', publishEventsPerSec: clusterRate, ...await deliveryLatency(nodeA, nodeA, o.latencySamples) });
    results.push({ mode: 'cluster, cross node (A→B)', publishEventsPerSec: clusterRate, ...await deliveryLatency(nodeA, nodeB, o.latencySamples) });
    return { results };
  } finally {
    await Promise.all(running.map((s) => s.stop()));
    if (nats && nats.exitCode === null) {
      const exited = new Promise((r) => nats!.once('exit', r));
      nats.kill('SIGTERM');
      await exited;
    }
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

const ms = (p: Percentiles | undefined, key: 'p50' | 'p99') => (p ? p[key].toFixed(2) : '-').padStart(8);

/** The result as a short text table. */
export function formatClusterBench(r: ClusterBenchResult): string {
  const lines = ['cluster mode vs one node (publish = HTTP 202 after the journal/JetStream acknowledged; delivery = POST sent → frame received):',
    '  mode                            publish ev/s  delivery p50  delivery p99  202 p50 ms'];
  for (const m of r.results) {
    lines.push(`  ${m.mode.padEnd(32)}${String(m.publishEventsPerSec).padStart(12)}  ${ms(m.deliveryMs, 'p50')} ms   ${ms(m.deliveryMs, 'p99')} ms  ${ms(m.ackMs, 'p50')}`);
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  runClusterBench(quick ? { events: 1000, latencySamples: 100 } : {}).then((r) => console.log(formatClusterBench(r)), (err: unknown) => {
    console.error(`cluster bench failed: ${(err as Error).message}`);
    process.exitCode = 1;
  });
}
