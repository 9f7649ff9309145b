// Presents benchmark results: one text table (scenario × server) and the JSON file of the run.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ScenarioResult } from './measure.js';
import type { TargetCheck } from './targets.js';

const num = (v: number | null | undefined, digits: number): string => (v === null || v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(digits));
const int = (v: number): string => Math.round(v).toLocaleString('en-US');

const COLUMNS: Array<{ title: string; cell: (r: ScenarioResult) => string }> = [
  { title: 'scenario', cell: (r) => r.scenario },
  { title: 'server', cell: (r) => r.server },
  { title: 'conns', cell: (r) => int(r.connections) },
  { title: 'subs', cell: (r) => int(r.subscriptions) },
  { title: 'events', cell: (r) => int(r.events) },
  { title: 'deliveries', cell: (r) => `${int(r.deliveries)}${r.complete ? '' : '!'}` },
  { title: 'time s', cell: (r) => num(r.seconds, 2) },
  { title: 'deliv/s', cell: (r) => int(r.deliveriesPerSecond) },
  { title: 'CPU µs/deliv', cell: (r) => num(r.cpuMicrosPerDelivery, 2) },
  { title: 'CPU ms/event', cell: (r) => num(r.cpuMillisPerEvent, 3) },
  { title: 'p50 ms', cell: (r) => num(r.latencyMs?.p50, 1) },
  { title: 'p99 ms', cell: (r) => num(r.latencyMs?.p99, 1) },
  { title: 'RSS/conn KiB', cell: (r) => num(r.rssPerConnectionKiB, 1) },
  { title: 'client CPU s', cell: (r) => num(r.clientCpuSeconds, 1) },
];

/** The results as an aligned text table, text columns left-aligned and figures right-aligned. */
export function formatTable(results: readonly ScenarioResult[]): string {
  const rows = results.map((r) => COLUMNS.map((c) => c.cell(r)));
  const widths = COLUMNS.map((c, i) => Math.max(c.title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((s, i) => (i < 2 ? s.padEnd(widths[i] ?? 0) : s.padStart(widths[i] ?? 0))).join('  ');
  return [line(COLUMNS.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Notes under the table: incomplete runs and the problems each scenario met. */
export function formatNotes(results: readonly ScenarioResult[], checks: readonly TargetCheck[], quick: boolean): string {
  const lines: string[] = [
    ...(quick ? ['--quick: a smoke run. CPU is read in 10 ms ticks and includes start-up effects; the targets are meant for full runs.'] : []),
    'deliveries: event frames received by the load client (journal-publish: events accepted); "!" = fewer than expected.',
    'CPU: server process utime+stime from /proc/<pid>/stat over the measured phase; latency: publish → receive.',
    'compressed: latency from the 1 connection in 10 that inflates (ws); the others count deflated frames unread.',
  ];
  for (const r of results) {
    if (!r.complete) lines.push(`${r.scenario}/${r.server}: ${r.deliveries} of ${r.expectedDeliveries} expected deliveries`);
    for (const p of r.problems.slice(0, 5)) lines.push(`${r.scenario}/${r.server}: ${p}`);
  }
  if (checks.length > 0) {
    lines.push('', 'Targets (issues 3 and 5):');
    for (const c of checks) lines.push(`  [${c.met === null ? ' n/a ' : c.met ? ' met ' : 'MISSED'}] ${c.target}: ${c.measured}`);
  }
  return lines.join('\n');
}

/** Writes the run, with machine facts that help read the figures, as JSON. */
export async function writeJson(file: string, results: readonly ScenarioResult[], checks: readonly TargetCheck[], flags: Record<string, unknown>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const cpus = os.cpus();
  const doc = {
    generated_at: new Date().toISOString(),
    flags,
    machine: { cpus: cpus.length, model: cpus[0]?.model ?? 'unknown', loadavg_at_end: os.loadavg(), node: process.version, platform: `${os.platform()} ${os.release()}` },
    results,
    targets: checks,
  };
  await writeFile(file, `${JSON.stringify(doc, null, 2)}\n`);
}
