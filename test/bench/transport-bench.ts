// Issue 21 rows (in every `npm run bench`): the burst over JSON, MessagePack, SSE and a mixed audience, side by side, with targets.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { incidentEvent, nowMs } from './bench-events.js';
import { readdirSync, readFileSync } from 'node:fs';
import { Publisher } from './publisher.js';
import { startServer, type ServerCommand } from './server-process.js';
import { openTransportClients, type TransportClient, type TransportKind } from './transport-clients.js';

export interface TransportSizes { clients: number; events: number; rounds: number }
export const FULL_TRANSPORT_SIZES: TransportSizes = { clients: 1000, events: 200, rounds: 3 };
export const QUICK_TRANSPORT_SIZES: TransportSizes = { clients: 100, events: 50, rounds: 1 };

type Audience = 'json' | 'msgpack' | 'sse' | 'mixed';
const AUDIENCES: readonly Audience[] = ['json', 'msgpack', 'sse', 'mixed'];
const WARMUP_EVENTS = 5;
const DELIVERY_TIMEOUT_MS = 120_000;

/**
 * On-CPU time of every thread of a process in seconds, from `/proc/<pid>/task/*\/schedstat` (nanoseconds): the
 * 10 ms clock ticks of `/proc/<pid>/stat` would be a tenth of a JSON burst's whole cost.
 */
function processCpuSecondsFine(pid: number): number {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return ns / 1e9;
}

export interface TransportRow { audience: Audience; deliveries: number; cpuPerDeliveryUs: number; bytesPerFrame: Record<string, number> }
export interface TransportCheck { target: string; measured: string; met: boolean }

const kindsOf = (audience: Audience, clients: number): [TransportKind, number][] => (audience === 'mixed'
  ? [['json', Math.floor(clients / 3)], ['msgpack', Math.floor(clients / 3)], ['sse', clients - 2 * Math.floor(clients / 3)]]
  : [[audience, clients]]);

async function delivered(clients: TransportClient[], total: number): Promise<void> {
  const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
  for (;;) {
    let n = 0;
    for (const c of clients) n += c.events;
    if (n >= total) return;
    if (Date.now() > deadline) throw new Error(`transport bench: ${n} of ${total} deliveries after ${DELIVERY_TIMEOUT_MS} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** One audience on a fresh server: connect, warm up, then one burst batch; server CPU per delivery of the burst. */
async function runAudience(command: ServerCommand, audience: Audience, sizes: TransportSizes): Promise<TransportRow> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ir-bench-transport-'));
  const server = await startServer(command, { dataDir: dir, compression: false, journal: false });
  const publisher = new Publisher(server.baseUrl, server.token);
  const clients: TransportClient[] = [];
  try {
    const base = new URL(server.baseUrl);
    for (const [kind, count] of kindsOf(audience, sizes.clients)) clients.push(...await openTransportClients(base, kind, count));
    await publisher.publish(Array.from({ length: WARMUP_EVENTS }, (_, i) => incidentEvent(i, nowMs())));
    await delivered(clients, WARMUP_EVENTS * clients.length);
    const before = new Map(clients.map((c) => [c, { events: c.events, bytes: c.eventBytes }]));
    const cpu0 = processCpuSecondsFine(server.pid);
    await publisher.publish(Array.from({ length: sizes.events }, (_, i) => incidentEvent(i, nowMs())));
    await delivered(clients, (WARMUP_EVENTS + sizes.events) * clients.length);
    const cpu = processCpuSecondsFine(server.pid) - cpu0;
    const deliveries = sizes.events * clients.length;
    const bytesPerFrame: Record<string, number> = {};
    for (const kind of ['json', 'msgpack', 'sse'] as const) {
      const mine = clients.filter((c) => c.kind === kind);
      if (mine.length === 0) continue;
      const bytes = mine.reduce((sum, c) => sum + c.eventBytes - before.get(c)!.bytes, 0);
      const frames = mine.reduce((sum, c) => sum + c.events - before.get(c)!.events, 0);
      bytesPerFrame[kind] = Math.round(bytes / frames);
    }
    return { audience, deliveries, cpuPerDeliveryUs: (cpu / deliveries) * 1e6, bytesPerFrame };
  } finally {
    for (const c of clients) c.close();
    publisher.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Every audience `rounds` times, interleaved (so drift of the shared machine hits all alike); the median row of each. */
export async function runTransportBench(command: ServerCommand, sizes: TransportSizes): Promise<{ rows: TransportRow[]; checks: TransportCheck[] }> {
  const runs = new Map<Audience, TransportRow[]>(AUDIENCES.map((a) => [a, []]));
  for (let round = 0; round < sizes.rounds; round++) {
    for (const audience of AUDIENCES) {
      console.error(`bench: transports ${audience} (${sizes.clients} clients, ${sizes.events} events), round ${round + 1}/${sizes.rounds}`);
      runs.get(audience)!.push(await runAudience(command, audience, sizes));
    }
  }
  const rows = AUDIENCES.map((a) => {
    const xs = runs.get(a)!;
    const mid = median(xs.map((r) => r.cpuPerDeliveryUs));
    return xs.find((r) => r.cpuPerDeliveryUs === mid)!;
  });
  const cpu = (a: Audience) => rows.find((r) => r.audience === a)!.cpuPerDeliveryUs;
  const ratio = (a: Audience) => cpu(a) / cpu('json');
  const check = (target: string, a: Audience, limit: number): TransportCheck => ({
    target, measured: `${ratio(a).toFixed(2)}× (${cpu(a).toFixed(2)} vs ${cpu('json').toFixed(2)} µs)`, met: ratio(a) <= limit,
  });
  return {
    rows,
    checks: [
      check('MessagePack burst: server CPU per delivery ≤ 1.2× the JSON burst', 'msgpack', 1.2),
      check('SSE burst: server CPU per delivery ≤ 2× the JSON WebSocket burst', 'sse', 2),
      check('mixed audience (1/3 JSON, 1/3 MessagePack, 1/3 SSE): CPU per delivery ≤ 1.3× JSON only', 'mixed', 1.3),
    ],
  };
}

export function formatTransportBench(r: { rows: TransportRow[]; checks: TransportCheck[] }, sizes: TransportSizes): string {
  const lines = [
    `Transports (issue 21): ${sizes.clients} clients, one burst of ${sizes.events} events, median of ${sizes.rounds} interleaved round(s)`,
    '| audience | deliveries | server CPU per delivery | bytes per event frame |',
    '|---|---|---|---|',
    ...r.rows.map((row) => `| ${row.audience} | ${row.deliveries} | ${row.cpuPerDeliveryUs.toFixed(2)} µs | ${
      Object.entries(row.bytesPerFrame).map(([k, v]) => `${k} ${v}`).join(', ')} |`),
    '',
    ...r.checks.map((c) => `${c.met ? 'met    ' : 'NOT MET'} ${c.target}: ${c.measured}`),
  ];
  return lines.join('\n');
}
