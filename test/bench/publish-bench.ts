// Issue 22 publish rows: durable single-node and cluster publish throughput, and cross-node delivery at a steady rate, with targets.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startNatsServer, stopAllNats } from '../cluster/support/nats-server.js';
import { nowMs, readSentAt, systemEvent } from './bench-events.js';
import { processCpuSeconds } from './proc-stats.js';
import { Publisher } from './publisher.js';
import { startServer, type RunningServer, type ServerCommand } from './server-process.js';
import { percentiles } from './stats.js';
import { ingest } from './traffic.js';
import type { IncidentEvent } from '../../src-shared/protocol/index.js';

export interface PublishBenchSizes {
  /** Events per measured single-node round (1,000-event batches, 2 POSTs in flight). */
  singleEvents: number;
  /** Events per measured cluster round (100-event batches, 8 POSTs in flight). */
  clusterEvents: number;
  /** Measured rounds per row; the median is reported. */
  rounds: number;
  /** Seconds of steady 1,000 events/s for the cross-node latency. */
  steadySeconds: number;
}

export const FULL_PUBLISH_SIZES: PublishBenchSizes = { singleEvents: 100_000, clusterEvents: 50_000, rounds: 5, steadySeconds: 10 };
export const QUICK_PUBLISH_SIZES: PublishBenchSizes = { singleEvents: 20_000, clusterEvents: 10_000, rounds: 1, steadySeconds: 2 };

/**
 * One row: what was measured, its figure, the target and whether it was met; `figure` undefined = not measured (`note`
 * says why). `cpuMicrosPerEvent`: CPU time of the server processes (nodes and nats-server) per event, which load from
 * other work moves far less than events/s.
 */
export interface PublishRow {
  name: string; figure: number | undefined; unit: string; target: string; met: boolean; cpuMicrosPerEvent?: number; note?: string;
  /** Each round's figure, in order (the median is `figure`). */
  rounds?: number[];
}

export interface PublishBenchResult { rows: PublishRow[]; loadAverage: number[] }

const NATS_SERVER = '/usr/sbin/nats-server';
const STEADY_RATE = 1000;
const TICK_MS = 10;

/**
 * Events sent before the timed rounds (at least ten batches): the receive path is still being compiled by V8 at
 * first. With a warm-up of 1,000 events the first cluster round ran at 17,600–20,000/s and the next ones at
 * 20,000–28,000/s (2026-12-05); a server runs for days, so the figure is the steady one.
 */
const WARM_UP_EVENTS = 20_000;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const cpuOf = (pids: readonly number[]): number => pids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0);

/**
 * Warm-up (not counted, `WARM_UP_EVENTS`), then `rounds` timed runs of `events` in batches: the median events/s, and the CPU µs per
 * event the processes `cpuPids` spent over all rounds.
 */
async function throughput(
  server: RunningServer, cpuPids: readonly number[], events: number, batchSize: number, inFlight: number, rounds: number,
): Promise<{ rate: number; rates: number[]; cpuMicrosPerEvent: number }> {
  const pub = new Publisher(server.baseUrl, server.token);
  try {
    await ingest(pub, Math.min(events, Math.max(WARM_UP_EVENTS, 10 * batchSize)), batchSize, inFlight);
    const rates: number[] = [];
    const cpuBefore = cpuOf(cpuPids);
    for (let r = 0; r < rounds; r++) {
      const done = await ingest(pub, events, batchSize, inFlight);
      if (done.ids.some((id) => !id)) throw new Error('a publish answered without a message id');
      rates.push(events / ((done.lastAckAt - done.firstAt) / 1000));
    }
    const cpuMicrosPerEvent = Math.round(((cpuOf(cpuPids) - cpuBefore) * 1e6 * 100) / (events * rounds)) / 100;
    return { rate: Math.round(median(rates)), rates: rates.map(Math.round), cpuMicrosPerEvent };
  } finally {
    pub.close();
  }
}

/** A bench system_event stamped now, whose message is `message`. */
function tagged(index: number, message: string): IncidentEvent {
  const e = systemEvent(index, nowMs());
  return e.event_type === 'system_event' ? { ...e, message } : e;
}

/** Posts one event per POST at 1,000 events/s to `publisher` for `seconds`; p99 ms from POST to a frame on `subscriber`. */
async function steadyCrossNode(publisher: RunningServer, subscriber: RunningServer, seconds: number): Promise<{ p99: number; received: number; sent: number }> {
  const tag = `steady-${process.pid}-${Date.now()}`;
  const fence = `${tag}-fence`;
  let fenceArrived: () => void = () => undefined;
  const fenced = new Promise<void>((resolve) => { fenceArrived = resolve; });
  const latencies: number[] = [];
  const seen = new Set<string>();
  const client = new WebSocket(`${subscriber.baseUrl.replace(/^http/, 'ws')}/ws`);
  await new Promise<void>((resolve, reject) => { client.once('open', () => resolve()); client.once('error', reject); });
  const subscribed = new Promise<void>((resolve) => client.on('message', (data: Buffer) => {
    const text = data.toString('utf8');
    if (text.includes('"type":"subscribed"')) { resolve(); return; }
    if (text.includes(fence)) { fenceArrived(); return; }
    const at = text.indexOf(tag);
    if (at < 0) return;
    const sentAt = readSentAt(data);
    const key = text.slice(at, text.indexOf('"', at));
    if (sentAt === undefined || seen.has(key)) return;
    seen.add(key);
    latencies.push(nowMs() - sentAt);
  }));
  client.send(JSON.stringify({ type: 'subscribe', subscription_id: 'steady', filters: { event_types: ['system_event'] } }));
  await subscribed;
  const pub = new Publisher(publisher.baseUrl, publisher.token);
  try {
    // The subscriber's node may still be working through the throughput rounds: start once it has caught up.
    await pub.publish(tagged(-1, fence));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('the subscriber\'s node did not catch up in 60 s')), 60_000); });
    await Promise.race([fenced, late]).finally(() => clearTimeout(timer));
    const count = STEADY_RATE * seconds;
    const perTick = (STEADY_RATE * TICK_MS) / 1000;
    const pending: Promise<string[]>[] = [];
    const start = nowMs();
    for (let i = 0; i < count; i += perTick) {
      const due = start + (i / perTick) * TICK_MS - nowMs();
      if (due > 0) await new Promise((r) => setTimeout(r, due));
      for (let k = i; k < Math.min(count, i + perTick); k++) pending.push(pub.publish(tagged(k, `${tag}-${k}`)));
    }
    await Promise.all(pending);
    const deadline = Date.now() + 10_000;
    while (seen.size < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const p = percentiles(Float64Array.from(latencies));
    return { p99: p ? p.p99 : Number.NaN, received: seen.size, sent: count };
  } finally {
    pub.close();
    client.terminate();
  }
}

/** The publish rows: single node always; cluster ones when nats-server is installed (otherwise a row saying so). */
export async function runPublishBench(relay: ServerCommand, sizes: PublishBenchSizes): Promise<PublishBenchResult> {
  const dirs: string[] = [];
  const dir = (name: string) => {
    const d = mkdtempSync(join(tmpdir(), `publish-bench-${name}-`));
    dirs.push(d);
    return d;
  };
  const running: RunningServer[] = [];
  const start = async (extra: string[]) => {
    const s = await startServer({ argv: relay.argv, extraArgs: [...relay.extraArgs, ...extra] }, { dataDir: dir('node'), compression: false, journal: true });
    running.push(s);
    return s;
  };
  const rows: PublishRow[] = [];
  let natsStarted = false;
  try {
    const single = await start([]);
    const s = await throughput(single, [single.pid], sizes.singleEvents, 1000, 2, sizes.rounds);
    rows.push({
      name: 'single node, durable (SQLite FULL), 1,000-event batches', figure: s.rate, unit: 'events/s', target: '≥ 100,000',
      met: s.rate >= 100_000, cpuMicrosPerEvent: s.cpuMicrosPerEvent, rounds: s.rates,
    });
    await single.stop();
    if (!existsSync(NATS_SERVER)) {
      const note = `${NATS_SERVER} is not installed`;
      rows.push({ name: 'cluster, 100-event batches', figure: undefined, unit: 'events/s', target: '≥ 20,000', met: false, note });
      rows.push({ name: 'cluster, cross-node delivery p99 at 1,000 events/s', figure: undefined, unit: 'ms', target: '≤ 20', met: false, note });
      return { rows, loadAverage: loadavg() };
    }
    natsStarted = true;
    const nats = await startNatsServer();
    const nodeA = await start(['--cluster', nats.url]);
    const nodeB = await start(['--cluster', nats.url]);
    const nodeC = await start(['--cluster', nats.url]);
    const pids = [nodeA.pid, nodeB.pid, nodeC.pid, ...(nats.child.pid === undefined ? [] : [nats.child.pid])];
    const c = await throughput(nodeA, pids, sizes.clusterEvents, 100, 8, sizes.rounds);
    rows.push({
      name: 'cluster (3 nodes, 1 nats-server), 100-event batches', figure: c.rate, unit: 'events/s', target: '≥ 20,000',
      met: c.rate >= 20_000, cpuMicrosPerEvent: c.cpuMicrosPerEvent, rounds: c.rates,
    });
    const steady = await steadyCrossNode(nodeA, nodeB, sizes.steadySeconds);
    const complete = steady.received === steady.sent;
    rows.push({
      name: 'cluster, cross-node delivery p99 at 1,000 events/s', figure: Math.round(steady.p99 * 100) / 100, unit: 'ms', target: '≤ 20',
      met: complete && steady.p99 <= 20, note: complete ? undefined : `only ${steady.received} of ${steady.sent} events arrived`,
    });
    return { rows, loadAverage: loadavg() };
  } finally {
    await Promise.all(running.map((s) => s.stop()));
    if (natsStarted) await stopAllNats();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

/** The rows as a Markdown table, with the machine load when they were measured. */
export function formatPublishBench(r: PublishBenchResult): string {
  const lines = [
    `Publish (issue 22): system_event payloads, HTTP 202 = journaled (single node) or acknowledged by JetStream (cluster); median of the rounds; load average ${r.loadAverage.map((x) => x.toFixed(1)).join(' ')}`,
    '| row | measured | target | | server CPU µs/event | rounds |',
    '|---|---|---|---|---|---|',
  ];
  for (const row of r.rows) {
    const figure = row.figure === undefined ? 'not measured' : `${row.figure.toLocaleString('en-US')} ${row.unit}`;
    const verdict = row.figure === undefined ? 'skipped' : row.met ? 'met' : 'MISSED';
    const cpu = row.cpuMicrosPerEvent === undefined ? '' : row.cpuMicrosPerEvent.toFixed(2);
    const rounds = row.rounds && row.rounds.length > 1 ? row.rounds.map((x) => x.toLocaleString('en-US')).join(' / ') : '';
    lines.push(`| ${row.name} | ${figure} | ${row.target} ${row.unit} | ${verdict}${row.note ? ` (${row.note})` : ''} | ${cpu} | ${rounds} |`);
  }
  return lines.join('\n');
}
