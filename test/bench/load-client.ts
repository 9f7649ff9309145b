// Load-client process: forks workers holding the connections, publishes the scenario's traffic, and gathers the figures.
import { fork, type ChildProcess } from 'node:child_process';
import { incidentEvent, nowMs } from './bench-events.js';
import type { ClientJob, ClientResult, ClientToRunner, CoordinatorToWorker, RunnerToClient, WorkerReport, WorkerToCoordinator } from './ipc-messages.js';
import { Publisher } from './publisher.js';
import { buildScenario, type Scenario } from './scenarios.js';
import { mergeSamples, ProblemCounter } from './stats.js';
import { prepareReplay, runTraffic } from './traffic.js';

/** After publishing, give up when no delivery arrived for this long (a stuck or lossy server). */
const QUIET_MS = 8_000;
const CAP_MS = { full: 180_000, quick: 60_000 };

const toRunner = (m: ClientToRunner): void => { process.send?.(m); };

interface WorkerHandle { child: ChildProcess; deliveries: number; lastAt: number; inbox: WorkerToCoordinator[]; wake?: () => void }

const workers: WorkerHandle[] = [];
let goSignal: () => void = () => undefined;
const go = new Promise<void>((r) => { goSignal = r; });

function forkWorker(): WorkerHandle {
  // BENCH_WORKER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the load client's own cost.
  const execArgv = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = fork(new URL('./load-worker.js', import.meta.url), [], { serialization: 'advanced', stdio: 'inherit', execArgv });
  const h: WorkerHandle = { child, deliveries: 0, lastAt: 0, inbox: [] };
  child.on('message', (m: WorkerToCoordinator) => {
    if (m.kind === 'progress') { h.deliveries = m.deliveries; h.lastAt = m.lastAt; return; }
    if (m.kind === 'reset-done') { h.deliveries = 0; h.lastAt = 0; }
    h.inbox.push(m);
    h.wake?.();
  });
  child.on('exit', (code) => { if (code !== 0) { h.inbox.push({ kind: 'failed', message: `load worker exited with ${code}` }); h.wake?.(); } });
  workers.push(h);
  return h;
}

/** The next non-progress message of one worker. */
async function next(h: WorkerHandle): Promise<WorkerToCoordinator> {
  while (h.inbox.length === 0) await new Promise<void>((r) => { h.wake = r; });
  const m = h.inbox.shift() as WorkerToCoordinator;
  if (m.kind === 'failed') throw new Error(m.message);
  return m;
}

async function connectWorkers(job: ClientJob, scenario: Scenario, resumeAfter?: string): Promise<{ connected: number; subscriptions: number; problems: string[] }> {
  const count = Math.max(1, Math.min(job.workers, scenario.connections));
  const wsUrl = new URL('/ws', job.baseUrl).href.replace(/^http/, 'ws');
  const share = Math.ceil(scenario.connections / count);
  for (let w = 0; w < count; w++) {
    const from = w * share;
    const to = Math.min(scenario.connections, from + share);
    const msg: CoordinatorToWorker = { kind: 'connect', job: { scenario: job.scenario, quick: job.quick, wsUrl, from, to, ...(resumeAfter ? { resumeAfter } : {}) } };
    forkWorker().child.send(msg);
  }
  const ready = await Promise.all(workers.map(next));
  const total = { connected: 0, subscriptions: 0 };
  const problems = new ProblemCounter();
  for (const r of ready) if (r.kind === 'ready') { total.connected += r.connected; total.subscriptions += r.subscriptions; problems.addListed(r.problems); }
  return { ...total, problems: problems.list() };
}

/** Publishes the warm-up events, waits for them to arrive, and zeroes the workers' counters. */
async function warmUp(scenario: Scenario, pub: Publisher, quick: boolean): Promise<string[]> {
  const n = scenario.warmupEvents;
  if (n === 0) return [];
  const published = pub.publish(Array.from({ length: n }, (_, i) => incidentEvent(scenario.eventKey(i), nowMs())));
  const complete = await awaitDeliveries(scenario.deliveriesFor(n), nowMs(), quick, published);
  await published;
  for (const w of workers) w.child.send({ kind: 'reset' } satisfies CoordinatorToWorker);
  await Promise.all(workers.map(next));
  return complete ? [] : [`warm-up incomplete: fewer than ${scenario.deliveriesFor(n)} deliveries`];
}

/** Waits until the expected deliveries arrived, the stream went quiet, or the cap passed. */
async function awaitDeliveries(expected: number, startedAt: number, quick: boolean, published: Promise<unknown>): Promise<boolean> {
  let publishDone = false;
  void published.then(() => { publishDone = true; }, () => { publishDone = true; });
  let lastCount = -1;
  let lastChange = nowMs();
  for (;;) {
    const count = workers.reduce((n, w) => n + w.deliveries, 0);
    if (count >= expected) return true;
    const now = nowMs();
    if (count !== lastCount) { lastCount = count; lastChange = now; }
    if (publishDone && now - lastChange > QUIET_MS) return false;
    if (now - startedAt > (quick ? CAP_MS.quick : CAP_MS.full)) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function collect(): Promise<WorkerReport[]> {
  for (const w of workers) w.child.send({ kind: 'report' } satisfies CoordinatorToWorker);
  const replies = await Promise.all(workers.map(next));
  return replies.flatMap((r) => (r.kind === 'report' ? [r.report] : []));
}

async function run(job: ClientJob): Promise<ClientResult> {
  const scenario = buildScenario(job.scenario, job.quick);
  const pub = new Publisher(job.baseUrl, job.token);
  const problems = new ProblemCounter();
  let resumeAfter: string | undefined;
  if (scenario.traffic.kind === 'replay') {
    resumeAfter = await prepareReplay(pub, scenario.traffic.events, scenario.traffic.batchSize);
    toRunner({ kind: 'ready', connected: 0, subscriptions: 0, problems: [] });
  } else {
    const ready = scenario.connections > 0 ? await connectWorkers(job, scenario) : { connected: 0, subscriptions: 0, problems: [] };
    ready.problems.push(...await warmUp(scenario, pub, job.quick));
    toRunner({ kind: 'ready', ...ready });
  }
  await go;
  const cpuStart = process.cpuUsage();
  const startedAt = nowMs();
  if (resumeAfter) await connectWorkers(job, scenario, resumeAfter);
  const publishing = runTraffic(scenario, pub);
  const complete = await awaitDeliveries(scenario.expectedDeliveries, startedAt, job.quick, publishing);
  const published = await publishing;
  const reports = await collect();
  pub.close();
  const deliveries = reports.reduce((n, r) => n + r.deliveries, 0);
  const lastAt = Math.max(published.lastAckAt, ...reports.map((r) => r.lastAt));
  const firstAt = resumeAfter ? Math.min(...reports.map((r) => r.subscribeSentAt)) : published.firstAt;
  const endAt = scenario.traffic.kind === 'publish-only' ? published.lastAckAt
    : resumeAfter ? Math.max(...reports.map((r) => r.replayCompleteAt || r.lastAt)) : lastAt;
  for (const r of reports) problems.addListed(r.problems);
  if (!complete) problems.add(`incomplete: ${deliveries} of ${scenario.expectedDeliveries} deliveries`);
  const cpu = process.cpuUsage(cpuStart);
  return {
    deliveries, latenciesMs: resumeAfter ? new Float64Array(0) : mergeSamples(reports.map((r) => r.latenciesMs)),
    elapsedMs: endAt - firstAt, eventsPublished: published.events, complete,
    clientCpuSeconds: (cpu.user + cpu.system) / 1e6 + reports.reduce((n, r) => n + r.cpuSeconds, 0),
    problems: problems.list(),
  };
}

function stop(code: number): never {
  for (const w of workers) w.child.kill('SIGTERM');
  process.exit(code);
}

process.on('message', (m: RunnerToClient) => {
  if (m.kind === 'start') {
    run(m.job).then((result) => toRunner({ kind: 'result', result }),
      (err: Error) => toRunner({ kind: 'failed', message: err.stack ?? err.message }));
  } else if (m.kind === 'go') goSignal();
  else stop(0);
});
process.on('disconnect', () => stop(0));
