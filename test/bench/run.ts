// `npm run bench`: every scenario against Incident Relay and the plain-ws baseline, one table, JSON in bench-results/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stopAllChildren } from './child-processes.js';
import { measure, type ScenarioResult, type Target } from './measure.js';
import { formatNotes, formatTable, writeJson } from './report.js';
import { buildScenario, CORE_SCENARIOS, isScenarioName, JOURNAL_SCENARIOS, type ScenarioName } from './scenarios.js';
import { checkTargets } from './targets.js';

const USAGE = `usage: node dist/test/bench/run.js [--quick] [--only burst,idle] [--journal] [--cluster] [--replay | --replay-only] [--servers relay,baseline]
  [--relay-as-baseline] [--relay-args="--flag value"] [--client-workers 2] [--out bench-results/latest.json] [--transports-only] [--publish-only] [--regions]
  | --soak [--minutes 10] | --startup [--events 1000000] [--incidents 200000]`;

const here = (rel: string): string => fileURLToPath(new URL(rel, import.meta.url));
const RELAY_CLI = here('../../src-main/headless/cli.js');
const BASELINE = here('./baseline-server.js');
const DEFAULT_OUT = here('../../../bench-results/latest.json');
/**
 * Relay settings that would otherwise throttle the load itself: 5,000 connections arrive faster than the default
 * 1,000/s connection rate, and per-connection info logging is not what is measured.
 */
const RELAY_BENCH_ARGS = ['--max-connections-per-sec', '100000', '--log-level', 'warn'];
/** The in-memory journal keeps `broadcast_capacity` events; the replay scenario needs all 100,000. */
const RELAY_MEMORY_ARGS = ['--broadcast-capacity', '200000'];

/** The command-line flags; a malformed one prints the usage and exits with 2. */
function readFlags() {
  try {
    return parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        only: { type: 'string' },
        journal: { type: 'boolean', default: false },
    cluster: { type: 'boolean', default: false },
        replay: { type: 'boolean', default: false },
        'replay-only': { type: 'boolean', default: false },
        servers: { type: 'string', default: 'relay,baseline' },
        'relay-as-baseline': { type: 'boolean', default: false },
        'relay-args': { type: 'string', default: '' },
        'client-workers': { type: 'string', default: '2' },
        out: { type: 'string', default: DEFAULT_OUT },
        'transports-only': { type: 'boolean', default: false },
        'publish-only': { type: 'boolean', default: false },
        regions: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
        soak: { type: 'boolean', default: false },
        minutes: { type: 'string', default: '10' },
        startup: { type: 'boolean', default: false },
        events: { type: 'string', default: '1000000' },
        incidents: { type: 'string', default: '200000' },
      },
    }).values;
  } catch (err) {
    console.error(`bench: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}
const flags = readFlags();

function pickScenarios(): ScenarioName[] {
  const all: ScenarioName[] = [...CORE_SCENARIOS, ...(flags.journal ? JOURNAL_SCENARIOS : [])];
  if (!flags.only) return all;
  const wanted = flags.only.split(',').map((s) => s.trim()).filter(Boolean);
  for (const w of wanted) if (!isScenarioName(w)) throw new Error(`unknown scenario "${w}"; known: ${[...CORE_SCENARIOS, ...JOURNAL_SCENARIOS].join(', ')}`);
  return wanted as ScenarioName[];
}

function pickTargets(): Target[] {
  const names = (flags.servers ?? '').split(',').map((s) => s.trim());
  const relayArgs = (flags['relay-args'] ?? '').split(/\s+/).filter(Boolean);
  const standIn = flags['relay-as-baseline'] ?? false;
  const targets: Target[] = [];
  if (names.includes('relay')) {
    if (!standIn && !existsSync(RELAY_CLI)) {
      console.error(`bench: ${RELAY_CLI} is not built yet; skipping Incident Relay (use --relay-as-baseline to exercise the harness)`);
    } else {
      const relay = (extra: string[]): { argv: string[]; extraArgs: string[] } => (standIn
        ? { argv: [BASELINE], extraArgs: [] } : { argv: [RELAY_CLI, 'serve'], extraArgs: [...RELAY_BENCH_ARGS, ...extra, ...relayArgs] });
      const name = standIn ? 'relay*' : 'relay';
      targets.push({ name, command: relay([]), replays: !standIn, memoryOnly: false });
      targets.push({ name: `${name}-mem`, command: relay(RELAY_MEMORY_ARGS), replays: !standIn, memoryOnly: true });
    }
  }
  if (names.includes('baseline')) targets.push({ name: 'baseline', command: { argv: [BASELINE], extraArgs: [] }, replays: false, memoryOnly: true });
  return targets;
}

/** Which targets a scenario runs on: the in-memory relay only beside the journal figures, replay only where supported. */
function targetsFor(scenario: ScenarioName, targets: Target[]): Target[] {
  const journal = (JOURNAL_SCENARIOS as readonly string[]).includes(scenario);
  return targets.filter((t) => {
    if (t.name.endsWith('-mem') && !journal) return false;
    if (scenario === 'journal-replay' && !t.replays) return false;
    return true;
  });
}

/** A whole-number flag within bounds, or an error naming it. */
function countFlag(name: string, value: string | undefined, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be an integer from 1 to ${max}, got ${value}`);
  return n;
}

async function main(): Promise<number> {
  if (flags.help) { console.log(USAGE); return 0; }
  if (flags.soak) {
    const { runSoak, DEFAULT_SOAK } = await import('./soak.js');
    const r = await runSoak(RELAY_CLI, { ...DEFAULT_SOAK, minutes: countFlag('minutes', flags.minutes, 24 * 60) });
    console.log(r.text);
    return r.ok ? 0 : 1;
  }
  if (flags.startup) {
    const { runStartupBench } = await import('./startup-bench.js');
    const r = await runStartupBench(RELAY_CLI, { events: countFlag('events', flags.events, 10_000_000), incidents: countFlag('incidents', flags.incidents, 10_000_000) });
    console.log(r.text);
    return r.ok ? 0 : 1;
  }
  const quick = flags.quick ?? false;
  const workers = Number(flags['client-workers']);
  if (!Number.isInteger(workers) || workers < 1 || workers > 8) throw new Error('--client-workers must be an integer from 1 to 8');
  if (flags['replay-only']) return replayRows(quick);
  if (flags['transports-only']) return transportRows(quick);
  if (flags['publish-only']) return publishRows(quick);
  if (flags.regions) return regionRows(quick, [1, 3]);
  const scenarios = pickScenarios();
  const targets = pickTargets();
  if (targets.length === 0) throw new Error(`no server to benchmark\n${USAGE}`);
  const results: ScenarioResult[] = [];
  const failures: string[] = [];
  for (const name of scenarios) {
    const scenario = buildScenario(name, quick);
    for (const target of targetsFor(name, targets)) {
      console.error(`bench: ${name} on ${target.name} — ${scenario.summary}`);
      try {
        const r = await measure(scenario, target, { quick, workers });
        results.push(r);
        console.error(`bench:   ${r.deliveries} deliveries in ${r.seconds.toFixed(2)} s, server CPU ${r.serverCpuSeconds.toFixed(2)} s`
          + ` (setup ${r.setupSeconds.toFixed(1)} s, wall ${r.wallSeconds.toFixed(1)} s)`);
      } catch (err) {
        failures.push((err as Error).message);
        console.error(`bench:   FAILED ${(err as Error).message}`);
      }
    }
  }
  const relayName = targets.find((t) => t.name.startsWith('relay') && !t.name.endsWith('-mem'))?.name ?? 'relay';
  const checks = checkTargets(results, relayName, 'baseline');
  console.log(`\n${formatTable(results)}\n\n${formatNotes(results, checks, quick)}`);
  for (const f of failures) console.log(`FAILED: ${f}`);
  const out = flags.out ?? DEFAULT_OUT;
  await writeJson(out, results, checks, { ...flags, failures });
  console.log(`\nJSON written to ${out}`);
  if (flags.cluster) {
    // Cluster mode (issue 11): publish throughput and cross-node latency on a local nats-server, beside one node.
    const { runClusterBench, formatClusterBench } = await import('./cluster-bench.js');
    console.log(`\n${formatClusterBench(await runClusterBench(quick ? { events: 1000, latencySamples: 100 } : {}))}`);
  }
  if (flags.replay) await replayRows(quick);
  if (targets.some((t) => t.name === 'relay')) {
    await transportRows(quick);
    await publishRows(quick);
  }
  await regionRows(quick, [1]);
  return failures.length > 0 ? 1 : 0;
}

/** Issue 22: two regions, events/s published in one and seen in the other; `--regions` adds three nats-servers per region. */
async function regionRows(quick: boolean, layouts: readonly number[]): Promise<number> {
  const { runRegionsBench, formatRegionsBench } = await import('./regions-bench.js');
  let missed = 0;
  for (const serversPerRegion of layouts) {
    const r = await runRegionsBench({ serversPerRegion, ...(quick ? { events: 5000, latencySamples: 200 } : {}) });
    console.log(`\n${formatRegionsBench(r)}`);
    if (!r.exactlyOnce) missed += 1;
  }
  return missed > 0 ? 1 : 0;
}

/** Issue 26: replays with and without deflate (ws, Chromium), a reconnect storm, a P0 during a replay. */
async function replayRows(quick: boolean): Promise<number> {
  const { runReplayBench, formatReplayBench, FULL_SIZES, QUICK_SIZES } = await import('./replay-bench.js');
  const relayArgs = (flags['relay-args'] ?? '').split(/\s+/).filter(Boolean);
  const result = await runReplayBench({ argv: [RELAY_CLI, 'serve'], extraArgs: [...RELAY_BENCH_ARGS, ...relayArgs] }, quick ? QUICK_SIZES : FULL_SIZES);
  console.log(`\n${formatReplayBench(result)}`);
  return 0;
}

/** Issue 21: the burst over JSON, MessagePack, SSE and a mixed audience, with their targets. */
async function transportRows(quick: boolean): Promise<number> {
  const { runTransportBench, formatTransportBench, FULL_TRANSPORT_SIZES, QUICK_TRANSPORT_SIZES } = await import('./transport-bench.js');
  const relayArgs = (flags['relay-args'] ?? '').split(/\s+/).filter(Boolean);
  const sizes = quick ? QUICK_TRANSPORT_SIZES : FULL_TRANSPORT_SIZES;
  const result = await runTransportBench({ argv: [RELAY_CLI, 'serve'], extraArgs: [...RELAY_BENCH_ARGS, ...relayArgs] }, sizes);
  console.log(`\n${formatTransportBench(result, sizes)}`);
  return 0;
}

/** Issue 22: durable single-node and cluster publish throughput, cross-node delivery at 1,000 events/s, with targets. */
async function publishRows(quick: boolean): Promise<number> {
  const { runPublishBench, formatPublishBench, FULL_PUBLISH_SIZES, QUICK_PUBLISH_SIZES } = await import('./publish-bench.js');
  const relayArgs = (flags['relay-args'] ?? '').split(/\s+/).filter(Boolean);
  const result = await runPublishBench({ argv: [RELAY_CLI, 'serve'], extraArgs: [...RELAY_BENCH_ARGS, ...relayArgs] }, quick ? QUICK_PUBLISH_SIZES : FULL_PUBLISH_SIZES);
  console.log(`\n${formatPublishBench(result)}`);
  return 0;
}

process.on('SIGINT', () => { void stopAllChildren().then(() => process.exit(130)); });
main().then(async (code) => { await stopAllChildren(); process.exitCode = code; }, async (err: Error) => {
  console.error(`bench: ${err.message}`);
  await stopAllChildren();
  process.exitCode = 1;
});
