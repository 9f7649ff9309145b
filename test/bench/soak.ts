// `npm run bench -- --soak [--minutes N]`: a long steady load with churn, then the memory, fd and connection figures against targets.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type ServerCommand } from './server-process.js';
import { SoakLoad, type SoakLoadOptions } from './soak-load.js';
import { RemoteGc, sample, slopePerHour, windowMinima, type SoakSample } from './soak-sampler.js';

export interface SoakOptions extends SoakLoadOptions { minutes: number }

export const DEFAULT_SOAK: SoakOptions = { minutes: 10, eventsPerSec: 100, incidentsPerSec: 5, subscribers: 300, churnPerSec: 10, replayEverySecs: 30 };

/**
 * Heartbeat 10 s: a vanished client is terminated after two silent intervals, so "connections back to baseline
 * 60 s after load" is a fair target. incident_memory_max 1,000: at 5 new incidents/s the resolved set reaches its
 * bound within the warm-up, so the slope shows whether memory stays bounded (the default 10,000 would need 35 min).
 */
const SOAK_SERVER_ARGS = ['--heartbeat-interval-secs', '10', '--incident-memory-max', '1000', '--max-connections-per-sec', '100000', '--log-level', 'warn'];
/** Every sample follows a full collection forced through the inspector, so the heap column is what the server retains. */
const SAMPLE_EVERY_MS = 30_000;
const TARGETS = { heapAfterLoadMiB: 10, slopeMiBPerHour: 5 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runSoak(relayCli: string, o: SoakOptions): Promise<{ text: string; ok: boolean }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ir-soak-'));
  const command: ServerCommand = { argv: ['--inspect=127.0.0.1:0', relayCli, 'serve'], extraArgs: SOAK_SERVER_ARGS };
  const server = await startServer(command, { dataDir, compression: false, journal: true });
  const gc = await RemoteGc.connect(server.stderrTail());
  const startedAt = Date.now();
  const samples: SoakSample[] = [];
  const take = async () => {
    await gc.collect();
    samples.push(await sample(server.pid, server.baseUrl, startedAt, server.token));
  };
  const phase = async (secs: number) => { for (let left = secs * 1000; left > 0; left -= SAMPLE_EVERY_MS) { await sleep(Math.min(SAMPLE_EVERY_MS, left)); await take(); } };
  try {
    console.error(`soak: heap after a full GC forced through the inspector every ${SAMPLE_EVERY_MS / 1000} s; warm-up 60 s of load, 60 s idle, then ${o.minutes} min of load and 60 s idle (server ${server.baseUrl})`);
    let load = new SoakLoad(server.baseUrl, server.token, o);
    await load.start();
    await phase(60);
    load.stop();
    await phase(60);
    const base = samples[samples.length - 1]!; // warmed up, then idle for 60 s
    const loadFrom = samples.length;
    const loadStart = (Date.now() - startedAt) / 1000;
    load = new SoakLoad(server.baseUrl, server.token, o);
    await load.start();
    await phase(o.minutes * 60);
    load.stop();
    const during = samples.slice(loadFrom);
    await phase(60);
    const final = samples[samples.length - 1]!; // 60 s after the load stopped
    const warmedFrom = loadStart + Math.max(60, o.minutes * 60 * 0.3);
    const rawSlope = slopePerHour(during.filter((s) => s.t >= warmedFrom).map((s) => ({ t: s.t, v: s.heapMiB })));
    const minima = windowMinima(during, warmedFrom, 120);
    const slope = slopePerHour(minima);
    const heapAfter = final.heapMiB;
    const journalBytes = statSync(join(dataDir, 'journal.sqlite3')).size;
    const rows = table(samples);
    const c = load.counters;
    const checks = [
      [`heap 60 s after load ${heapAfter.toFixed(1)} MiB vs warmed-up idle baseline ${base.heapMiB.toFixed(1)} MiB (target within ${TARGETS.heapAfterLoadMiB})`, heapAfter - base.heapMiB <= TARGETS.heapAfterLoadMiB],
      [`heap slope after warm-up ${slope.toFixed(1)} MiB/h over 2-minute minima from t=${Math.round(warmedFrom)} s`
        + ` (${minima.map((m) => m.v.toFixed(1)).join(' → ')} MiB; fit over every sample ${rawSlope.toFixed(1)} MiB/h; target ≤ ${TARGETS.slopeMiBPerHour})`, slope <= TARGETS.slopeMiBPerHour],
      [`fds ${final.fds} vs baseline ${base.fds}`, final.fds <= base.fds],
      [`connections ${final.connections} vs baseline ${base.connections}`, final.connections <= base.connections],
    ] as const;
    const text = [
      `Soak: ${o.minutes} min at ${o.eventsPerSec} events/s (${o.incidentsPerSec} new incidents/s), ${o.subscribers} subscribers, ${o.churnPerSec} churning clients/s`
        + ` (half vanish), a deep replay every ${o.replayEverySecs} s; server flags ${SOAK_SERVER_ARGS.join(' ')}`,
      rows,
      `load: ${c.published} published, ${c.delivered} delivered live, ${c.churned} churned (${c.vanished} vanished), ${c.replays} deep replays`
        + ` (${c.replayed} events), ${c.errors} client errors; loop lag p99 during load max ${Math.max(...during.map((s) => s.loopLagP99Ms)).toFixed(1)} ms`,
      `journal file ${(journalBytes / 1e6).toFixed(1)} MB for ${c.published} events (${(journalBytes / Math.max(1, c.published)).toFixed(0)} B/event incl. incidents)`,
      ...checks.map(([what, pass]) => `${pass ? 'PASS' : 'FAIL'} ${what}`),
    ].join('\n');
    return { text, ok: checks.every(([, pass]) => pass) };
  } finally {
    gc.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function table(rows: readonly SoakSample[]): string {
  const head = '     t s   RSS MiB  heap MiB    fds  conns  lag p99 ms';
  return [head, ...rows.map((s) => `${s.t.toFixed(0).padStart(8)} ${s.rssMiB.toFixed(1).padStart(9)} ${s.heapMiB.toFixed(1).padStart(9)}`
    + ` ${String(s.fds).padStart(6)} ${String(s.connections).padStart(6)} ${s.loopLagP99Ms.toFixed(1).padStart(11)}`)].join('\n');
}
