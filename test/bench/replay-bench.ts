// Issue 26 rows (`npm run bench -- --replay`): 100k-event replays with and without permessage-deflate (ws, Chromium),
// a reconnect storm of deflate clients after a restart, and a P0 published during a replay; targets side by side.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { incidentEvent, nowMs } from './bench-events.js';
import { wsClientFloor } from './client-floor.js';
import { processCpuSeconds } from './proc-stats.js';
import { Publisher } from './publisher.js';
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import {
  chromiumReplay, expectedAfter, launchChromium, stormClient, wsReplay, type ExpectedIds, type MarkerWatch, type ReplayRun, type StormClient,
} from './replay-clients.js';
import { startServer, type RunningServer, type ServerCommand } from './server-process.js';

export interface ReplayBenchSizes { events: number; stormClients: number; stormBack: number }
export const FULL_SIZES: ReplayBenchSizes = { events: 100_000, stormClients: 1000, stormBack: 1000 };
export const QUICK_SIZES: ReplayBenchSizes = { events: 10_000, stormClients: 100, stormBack: 1000 };
const PUBLISH_BATCH = 500;
/** Connections opened at once while the storm connects (the server admits 256 pending handshakes by default). */
const CONNECT_WAVE = 100;
/** The first P0 is published this long after the first replayed event arrived, the next ones this far apart (while it runs). */
const P0_DELAY_MS = 100;
const P0_SPACING_MS = 250;
const P0_SAMPLES = 5;

export interface ReplayRow { row: string; events: number; seconds: number; serverCpuSeconds: number; note: string }
export interface ReplayCheck { target: string; measured: string; met: boolean }
export interface ReplayBenchResult { rows: ReplayRow[]; checks: ReplayCheck[] }

/** A fresh server with `events` journaled incident events; the id of the first one (replays resume after it). */
export async function seededServer(command: ServerCommand, compression: boolean, events: number, dataDir?: string, replayCompression?: 'always') {
  const dir = dataDir ?? await mkdtemp(path.join(os.tmpdir(), 'ir-bench-replay-'));
  const server = await startServer(command, { dataDir: dir, compression, journal: true, replayCompression });
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

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

const wsUrl = (s: RunningServer): string => `${s.baseUrl.replace(/^http/, 'ws')}/ws`;

/** One P0 published during the replay: latency to the client, to the publisher's HTTP answer, copies, flag. */
export interface P0Sample { latencyMs: number | null; ackMs: number; copies: number; flagged: boolean }

/**
 * P0s published during a deflate replay, the first P0_DELAY_MS into it, then one every P0_SPACING_MS while it runs
 * (at most P0_SAMPLES): each one's latency to the client and copies received until a fence event after the replay.
 */
export async function p0DuringReplay(server: RunningServer, resumeAfter: string, expected: ExpectedIds): Promise<{ samples: P0Sample[]; run: ReplayRun }> {
  const marker = `bench-p0-${Date.now()}`;
  const publisher = new Publisher(server.baseUrl, server.token);
  const sent: { at: number; acked: number }[] = [];
  const publishing: Promise<unknown>[] = [];
  let fenced: Promise<unknown> = Promise.resolve();
  const watch: MarkerWatch = {
    marker, seen: [], fenceMarker: `${marker}-fence`,
    // The fence is published once every P0 was answered: it follows all of them in the journal.
    fence: () => { fenced = Promise.all(publishing).then(() => publisher.publish(titled(incidentEvent(1, nowMs()), 'P2', watch.fenceMarker))); },
  };
  let running = true;
  const publishP0 = (k: number): void => {
    if (!running || k >= P0_SAMPLES) return;
    const sample = { at: nowMs(), acked: 0 };
    sent.push(sample);
    publishing.push(publisher.publish(titled(incidentEvent(0, nowMs()), 'P0', `${marker}-${k}:`)).then(() => { sample.acked = nowMs(); }));
    setTimeout(() => publishP0(k + 1), P0_SPACING_MS);
  };
  const run = await wsReplay(wsUrl(server), resumeAfter, true, expected, watch, () => setTimeout(() => publishP0(0), P0_DELAY_MS));
  running = false;
  await fenced;
  publisher.close();
  const samples = sent.map((s, k): P0Sample => {
    const copies = watch.seen.filter((c) => c.text.includes(`${marker}-${k}:`));
    return { latencyMs: copies[0] ? copies[0].at - s.at : null, ackMs: s.acked - s.at, copies: copies.length, flagged: copies[0]?.outOfOrder ?? false };
  });
  return { samples, run };
}

/** An incident event of `severity` whose title holds `marker`. */
function titled(event: IncidentEvent, severity: 'P0' | 'P2', marker: string): IncidentEvent {
  return event.event_type === 'incident_created' ? { ...event, incident: { ...event.incident, severity, title: marker } } : event;
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
  const idsOk: Record<string, boolean> = {};
  const browser = await launchChromium();
  const dirs: string[] = [];
  try {
    // Plain, deflate with the default `replay_compression: auto` (loopback clients get replays plain), and deflate
    // with `always`: what a client on another machine gets, whose own inflate then sets the pace.
    for (const variant of ['plain', 'deflate', 'deflate always'] as const) {
      const compression = variant !== 'plain';
      const { server, ids, dir } = await seededServer(command, compression, sizes.events, undefined, variant === 'deflate always' ? 'always' : undefined);
      dirs.push(dir);
      try {
        const expected = expectedAfter(ids, ids[0]!);
        for (const kind of ['ws', 'chromium'] as const) {
          const { value: run, cpu } = await withCpu(server, () => (kind === 'ws'
            ? wsReplay(wsUrl(server), ids[0]!, compression, expected) : chromiumReplay(browser, server.baseUrl, ids[0]!, expected)));
          if (run.deflate !== compression) throw new Error(`${kind}: permessage-deflate ${run.deflate ? 'negotiated' : 'not negotiated'} on the ${variant} server`);
          const row = `${kind} ${variant}`;
          seconds[row] = run.seconds;
          idsOk[row] = run.idsOk && run.events === ids.length - 1;
          const ratio = variant === 'plain' || seconds[`${kind} plain`] === undefined ? '' : ` (${(run.seconds / seconds[`${kind} plain`]!).toFixed(2)}× plain)`;
          addRow({ row: `replay ${row}`, events: run.events, seconds: run.seconds, serverCpuSeconds: cpu, note: `${run.wireBytes === undefined ? 'the same frames' : `${mib(run.wireBytes)} read`}, ${run.idsOk ? 'every id in order' : 'IDS WRONG'}${run.events === ids.length - 1 ? '' : `, expected ${ids.length - 1}`}${ratio}` });
        }
        // The P0 is timed on the harder path: a replay deflated frame by frame.
        if (variant === 'deflate always') p0Check(await p0DuringReplay(server, ids[0]!, expected), sizes.events, addRow, checks);
      } finally {
        await server.stop();
      }
    }
    for (const kind of ['ws', 'chromium']) {
      const plain = seconds[`${kind} plain`];
      const deflate = seconds[`${kind} deflate`];
      const complete = idsOk[`${kind} plain`] === true && idsOk[`${kind} deflate`] === true;
      const met = plain !== undefined && deflate !== undefined && deflate <= 2 * plain && complete;
      checks.push({ target: `${kind}: replay with permessage-deflate (default settings) ≤ 2× without, every id once in order`, measured: `${deflate?.toFixed(2) ?? '-'} s vs ${plain?.toFixed(2) ?? '-'} s (${plain && deflate ? (deflate / plain).toFixed(2) : '-'}×)${complete ? '' : ', IDS WRONG'}`, met });
    }
    // The same frames from a server that does nothing else: what the `ws` client itself costs, deflate vs plain.
    const floor: Record<string, number> = {};
    for (const deflate of [false, true]) {
      const f = await wsClientFloor(sizes.events, deflate);
      floor[String(deflate)] = f.seconds;
      addRow({ row: `ws client alone ${deflate ? 'deflate' : 'plain'}`, events: sizes.events, seconds: f.seconds, serverCpuSeconds: Number.NaN, note: `${mib(f.wireBytes)} of pre-built frames, no server work` });
    }
    rows.at(-1)!.note += ` (${(floor.true! / floor.false!).toFixed(1)}× plain)`;
    // The storm follows a restart: the server's frame cache starts empty, as after an upgrade or a crash.
    // Every storm client is on loopback: `always` makes their replays deflated, the case the shared frames are for.
    const seeded = await seededServer(command, true, sizes.stormBack + 20);
    dirs.push(seeded.dir);
    await seeded.server.stop();
    const server = await startServer(command, { dataDir: seeded.dir, compression: true, journal: true, replayCompression: 'always' });
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

/** The P0 row and check: the first P0 (published P0_DELAY_MS in) is the target; the others show the spread. */
function p0Check(p0: { samples: P0Sample[]; run: ReplayRun }, events: number, addRow: (r: ReplayRow) => void, checks: ReplayCheck[]): void {
  const [first] = p0.samples;
  const ms = (v: number | null | undefined): string => (v === null || v === undefined ? '-' : v.toFixed(0));
  const all = p0.samples.map((s) => `${ms(s.latencyMs)}${s.copies === 1 ? '' : ` (${s.copies} copies)`}${s.flagged ? '' : ' (unflagged)'}`).join(', ');
  const onceFlagged = p0.samples.every((s) => s.copies === 1 && s.flagged);
  addRow({ row: 'P0 during replay (ws, deflated)', events: p0.samples.reduce((n, s) => n + s.copies, 0), seconds: (first?.latencyMs ?? Number.NaN) / 1000, serverCpuSeconds: Number.NaN, note: `latency ms of ${p0.samples.length} P0s: ${all}; server answered the publish in ${p0.samples.map((s) => ms(s.ackMs)).join(', ')}; replay ${p0.run.idsOk ? 'every id in order' : 'IDS WRONG'}` });
  checks.push({
    target: `P0 published ${P0_DELAY_MS} ms into a ${events.toLocaleString('en-US')}-event replay: ≤ 100 ms, exactly once (flagged)`,
    measured: `${ms(first?.latencyMs)} ms; every P0 once and flagged: ${onceFlagged}`,
    met: first?.latencyMs !== null && first !== undefined && first.latencyMs <= 100 && onceFlagged && p0.run.idsOk,
  });
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
