// Runs one scenario against one server: fresh server process, separate load-client process, server CPU and RSS from /proc.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LoadClientProcess } from './client-process.js';
import { processCpuSeconds, processRssKiB } from './proc-stats.js';
import type { Scenario } from './scenarios.js';
import { startServer, type ServerCommand } from './server-process.js';
import { percentiles } from './stats.js';

/** A server implementation the benchmark compares. */
export interface Target {
  name: string;
  command: ServerCommand;
  /** Whether it replays from a journal (the baseline does not). */
  replays: boolean;
  /** Forces the journal off whatever the scenario says (the in-memory figures of issue 5). */
  memoryOnly: boolean;
}

export interface ScenarioResult {
  scenario: string;
  server: string;
  summary: string;
  connections: number;
  subscriptions: number;
  events: number;
  expectedDeliveries: number;
  /** Event frames received; for journal-publish, events accepted. */
  deliveries: number;
  seconds: number;
  deliveriesPerSecond: number;
  serverCpuSeconds: number;
  cpuMicrosPerDelivery: number | null;
  cpuMillisPerEvent: number | null;
  latencyMs: { p50: number; p99: number; max: number } | null;
  rssBeforeKiB: number;
  rssAfterKiB: number;
  rssPerConnectionKiB: number | null;
  clientCpuSeconds: number;
  /** Wall time from server start until every connection was subscribed and warmed up, and of the whole measurement. */
  setupSeconds: number;
  wallSeconds: number;
  complete: boolean;
  problems: string[];
}

export interface MeasureOptions { quick: boolean; workers: number }

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Lets a fresh server finish start-up work before the RSS baseline, and idle sockets settle before the reading. */
const SETTLE_MS = 1_000;

export async function measure(scenario: Scenario, target: Target, opts: MeasureOptions): Promise<ScenarioResult> {
  const startedAt = Date.now();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `bench-${target.name}-`));
  const server = await startServer(target.command, { dataDir, compression: scenario.compression, journal: scenario.journal && !target.memoryOnly })
    .catch(async (err: Error) => {
      await rm(dataDir, { recursive: true, force: true });
      throw new Error(`${scenario.name} on ${target.name}: ${err.message}`);
    });
  let client: LoadClientProcess | undefined;
  try {
    if (scenario.traffic.kind === 'none') await sleep(SETTLE_MS);
    const rssBeforeKiB = processRssKiB(server.pid);
    client = new LoadClientProcess({ scenario: scenario.name, quick: opts.quick, baseUrl: server.baseUrl, token: server.token, workers: opts.workers });
    const ready = await client.ready();
    const setupSeconds = (Date.now() - startedAt) / 1000;
    const problems = [...ready.problems];
    if (scenario.traffic.kind === 'none') await sleep(SETTLE_MS * 2);
    const cpuBefore = processCpuSeconds(server.pid);
    const r = await client.run();
    const serverCpuSeconds = processCpuSeconds(server.pid) - cpuBefore;
    const rssAfterKiB = processRssKiB(server.pid);
    problems.push(...r.problems);
    const lat = percentiles(r.latenciesMs);
    const isIngest = scenario.traffic.kind === 'publish-only';
    const deliveries = isIngest ? r.eventsPublished : r.deliveries;
    const events = scenario.traffic.kind === 'replay' ? scenario.traffic.events : r.eventsPublished;
    return {
      scenario: scenario.name, server: target.name, summary: scenario.summary,
      connections: ready.connected, subscriptions: ready.subscriptions, events,
      expectedDeliveries: isIngest ? r.eventsPublished : scenario.expectedDeliveries, deliveries,
      seconds: r.elapsedMs / 1000,
      deliveriesPerSecond: r.elapsedMs > 0 ? deliveries / (r.elapsedMs / 1000) : 0,
      serverCpuSeconds,
      cpuMicrosPerDelivery: deliveries > 0 ? (serverCpuSeconds * 1e6) / deliveries : null,
      cpuMillisPerEvent: events > 0 ? (serverCpuSeconds * 1e3) / events : null,
      latencyMs: lat ? { p50: lat.p50, p99: lat.p99, max: lat.max } : null,
      rssBeforeKiB, rssAfterKiB,
      rssPerConnectionKiB: scenario.traffic.kind === 'none' && ready.connected > 0 ? (rssAfterKiB - rssBeforeKiB) / ready.connected : null,
      clientCpuSeconds: r.clientCpuSeconds, setupSeconds, wallSeconds: (Date.now() - startedAt) / 1000, complete: r.complete, problems,
    };
  } catch (err) {
    throw new Error(`${scenario.name} on ${target.name}: ${(err as Error).message}\n${server.stderrTail()}`);
  } finally {
    await client?.stop();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
