// Issue 26 rows (`npm run bench -- --replay`): 100k-event replays with and without permessage-deflate (ws, Chromium),
// a reconnect storm of deflate clients after a restart, and a P0 published during a replay; targets side by side.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { incidentEvent, nowMs } from './bench-events.js';
import { processCpuSeconds } from './proc-stats.js';
import { Publisher } from './publisher.js';
import { chromiumReplay, launchChromium, stormClient, wsReplay, type MarkerWatch, type StormClient } from './replay-clients.js';
import { startServer, type RunningServer, type ServerCommand } from './server-process.js';

export interface ReplayBenchSizes { events: number; stormClients: number; stormBack: number }
export const FULL_SIZES: ReplayBenchSizes = { events: 100_000, stormClients: 1000, stormBack: 1000 };
export const QUICK_SIZES: ReplayBenchSizes = { events: 10_000, stormClients: 100, stormBack: 1000 };
const PUBLISH_BATCH = 500;
/** Connections opened at once while the storm connects (the server admits 256 pending handshakes by default). */
const CONNECT_WAVE = 100;
/** The P0 is published this long after the replay's subscribe. */
const P0_DELAY_MS = 100;

export interface ReplayRow { row: string; events: number; seconds: number; serverCpuSeconds: number; note: string }
export interface ReplayCheck { target: string; measured: string; met: boolean }
export interface ReplayBenchResult { rows: ReplayRow[]; checks: ReplayCheck[] }

/** A fresh server with `events` journaled incident events; the id of the first one (replays resume after it). */
async function seededServer(command: ServerCommand, compression: boolean, events: number, dataDir?: string) {
  const dir = dataDir ?? await mkdtemp(path.join(os.tmpdir(), 'ir-bench-replay-'));
  const server = await startServer(command, { dataDir: dir, compression, journal: true });
  const publisher = new Publisher(server.baseUrl, server.token);
  const ids: string[] = [];
  for (let k = 0; k < events; k += PUBLISH_BATCH) {
    ids.push(...await publisher.publish(Array.from({ length: Math.min(PUBLISH_BATCH, events - k) }, (_, i) => incidentEvent((k + i) % 100, nowMs()))));
  }
  publisher.close();
  return { server, ids, dir };
}

/** Runs `work` and the server CPU it cost. */
async function withCpu<T>(server: RunningServer, work: () => Promise<T>): Promise<{ value: T; cpu: number }> {
  const before = processCpuSeconds(server.pid);
  const value = await work();
  return { value, cpu: processCpuSeconds(server.pid) - before };
}

const wsUrl = (s: RunningServer): string => `${s.baseUrl.replace(/^http/, 'ws')}/ws`;

/** A P0 published P0_DELAY_MS into a deflate replay: latency to the client and how many copies it received. */
async function p0DuringReplay(server: RunningServer, resumeAfter: string): Promise<{ latencyMs: number | null; copies: number; flagged: boolean }> {
  const marker = `bench-p0-${Date.now()}`;
  const watch: MarkerWatch = { marker, seen: [] };
  const publisher = new Publisher(server.baseUrl, server.token);
  let sentAt = 0;
  let published: Promise<unknown> = Promise.resolve();
  const base = incidentEvent(0, nowMs());
  const p0 = base.event_type === 'incident_created' ? { ...base, incident: { ...base.incident, severity: 'P0' as const, title: marker } } : base;
  await wsReplay(wsUrl(server), resumeAfter, true, watch, () => {
    setTimeout(() => { sentAt = nowMs(); published = publisher.publish(p0); }, P0_DELAY_MS);
  });
  await published;
  // A fence after the replay: the P0 is written ahead of the replay, and never again behind it.
  const fence = await publisher.publish(incidentEvent(1, nowMs()));
  const after = await wsReplay(wsUrl(server), fence[0]!, false);
  publisher.close();
  const first = watch.seen[0];
  return { latencyMs: first ? first.at - sentAt : null, copies: watch.seen.length + after.events, flagged: first?.outOfOrder ?? false };
}

/** `clients` deflate connections, each resuming about `back` events before the newest, all at once; server CPU. */
async function reconnectStorm(server: RunningServer, ids: readonly string[], clients: number, back: number) {
  const resumeIndex = (c: number): number => ids.length - 1 - back - (c % 10);
  const expected = Array.from({ length: clients }, (_, c) => ids.length - 1 - resumeIndex(c));
  const ready: StormClient[] = [];
  for (let c = 0; c < clients; c += CONNECT_WAVE) {
    const wave = Array.from({ length: Math.min(CONNECT_WAVE, clients - c) }, (_, k) => stormClient(wsUrl(server), ids[resumeIndex(c + k)]!).ready);
    ready.push(...await Promise.all(wave));
  }
  const { value: counts, cpu } = await withCpu(server, async () => {
    for (const c of ready) c.send();
    return Promise.all(ready.map((c) => c.done));
  });
  const deliveries = counts.reduce((a, b) => a + b, 0);
  const caughtUp = counts.every((n, c) => n === expected[c]);
  return { deliveries, expected: expected.reduce((a, b) => a + b, 0), caughtUp, cpu };
}

/** Every row and check of the replay benchmark, against the relay CLI `command`. */
export async function runReplayBench(command: ServerCommand, sizes: ReplayBenchSizes): Promise<ReplayBenchResult> {
  const rows: ReplayRow[] = [];
  const addRow = (r: ReplayRow): void => {
    rows.push(r);
    console.error(`bench: ${r.row}: ${r.events} events, ${cell(r.seconds, 2)} s, server CPU ${cell(r.serverCpuSeconds, 2)} s ${r.note}`);
  };
  const checks: ReplayCheck[] = [];
  const seconds: Record<string, number> = {};
  const browser = await launchChromium();
  const dirs: string[] = [];
  try {
    for (const compression of [false, true]) {
      const { server, ids, dir } = await seededServer(command, compression, sizes.events);
      dirs.push(dir);
      try {
        for (const kind of ['ws', 'chromium'] as const) {
          const { value: run, cpu } = await withCpu(server, () => (kind === 'ws'
            ? wsReplay(wsUrl(server), ids[0]!, compression) : chromiumReplay(browser, server.baseUrl, ids[0]!)));
          const row = `${kind} ${run.deflate ? 'deflate' : 'plain'}`;
          seconds[row] = run.seconds;
          addRow({ row: `replay ${row}`, events: run.events, seconds: run.seconds, serverCpuSeconds: cpu, note: run.events === ids.length - 1 ? '' : `expected ${ids.length - 1}` });
        }
        if (compression) {
          const p0 = await p0DuringReplay(server, ids[0]!);
          addRow({ row: 'P0 during replay (ws deflate)', events: p0.copies, seconds: (p0.latencyMs ?? Number.NaN) / 1000, serverCpuSeconds: Number.NaN, note: `latency ${p0.latencyMs?.toFixed(1) ?? '-'} ms, ${p0.copies} cop${p0.copies === 1 ? 'y' : 'ies'}, out_of_order ${p0.flagged}` });
          checks.push({ target: `P0 published ${P0_DELAY_MS} ms into a ${sizes.events.toLocaleString('en-US')}-event replay: ≤ 100 ms, exactly once`, measured: `${p0.latencyMs?.toFixed(1) ?? '-'} ms, ${p0.copies} copies`, met: p0.latencyMs !== null && p0.latencyMs <= 100 && p0.copies === 1 });
        }
      } finally {
        await server.stop();
      }
    }
    for (const kind of ['ws', 'chromium']) {
      const plain = seconds[`${kind} plain`];
      const deflate = seconds[`${kind} deflate`];
      const met = plain !== undefined && deflate !== undefined && deflate <= 2 * plain;
      checks.push({ target: `${kind}: replay with permessage-deflate ≤ 2× without`, measured: `${deflate?.toFixed(2) ?? '-'} s vs ${plain?.toFixed(2) ?? '-'} s (${plain && deflate ? (deflate / plain).toFixed(2) : '-'}×)`, met });
    }
    // The storm follows a restart: the server's frame cache starts empty, as after an upgrade or a crash.
    const seeded = await seededServer(command, true, sizes.stormBack + 20);
    dirs.push(seeded.dir);
    await seeded.server.stop();
    const server = await startServer(command, { dataDir: seeded.dir, compression: true, journal: true });
    try {
      const storm = await reconnectStorm(server, seeded.ids, sizes.stormClients, sizes.stormBack);
      const perDelivery = (storm.cpu * 1e6) / Math.max(1, storm.deliveries);
      addRow({ row: `storm: ${sizes.stormClients} deflate clients`, events: storm.deliveries, seconds: Number.NaN, serverCpuSeconds: storm.cpu, note: `${perDelivery.toFixed(2)} µs CPU per replayed delivery${storm.caughtUp ? '' : `, expected ${storm.expected}`}` });
      checks.push({ target: `reconnect storm: ≤ 3 µs server CPU per replayed delivery, every client caught up`, measured: `${perDelivery.toFixed(2)} µs, ${storm.caughtUp ? 'all' : 'NOT all'} caught up`, met: perDelivery <= 3 && storm.caughtUp });
    } finally {
      await server.stop();
    }
  } finally {
    await browser.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }
  return { rows, checks };
}

const cell = (v: number, d: number): string => (Number.isFinite(v) ? v.toFixed(d) : '-');

/** The rows as a table, then the targets marked met or missed. */
export function formatReplayBench(r: ReplayBenchResult): string {
  const lines = ['Replay (issue 26): time = subscribe → replay_complete in the client; CPU = server utime+stime over it.'];
  lines.push(`${'row'.padEnd(34)} ${'events'.padStart(8)} ${'time s'.padStart(8)} ${'CPU s'.padStart(7)} ${'CPU µs/ev'.padStart(10)}  note`);
  for (const row of r.rows) {
    lines.push(`${row.row.padEnd(34)} ${String(row.events).padStart(8)} ${cell(row.seconds, 2).padStart(8)} ${cell(row.serverCpuSeconds, 2).padStart(7)} ${cell((row.serverCpuSeconds * 1e6) / row.events, 2).padStart(10)}  ${row.note}`);
  }
  lines.push('', 'Targets (issue 26):');
  for (const c of r.checks) lines.push(`  [${c.met ? ' met ' : 'MISSED'}] ${c.target}: ${c.measured}`);
  return lines.join('\n');
}
