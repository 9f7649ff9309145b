// Load-client worker process: holds a share of the connections, subscribes, and times every event frame it receives.
import { openBenchSocket, type BenchSocket, type SocketMode } from './bench-socket.js';
import { nowMs, readSentAt } from './bench-events.js';
import type { CoordinatorToWorker, WorkerJob, WorkerReport, WorkerToCoordinator } from './ipc-messages.js';
import { buildScenario } from './scenarios.js';
import { MessageInflater } from './raw-ws-client.js';
import { ProblemCounter, SampleBuffer } from './stats.js';

const CONNECT_CONCURRENCY = 50;
const SETUP_TIMEOUT_MS = 90_000;
const PROGRESS_EVERY_MS = 200;
/** With compression, one connection in this many inflates and times its frames; the others only count them. */
const INFLATE_ONE_IN = 10;

const samples = new SampleBuffer();
const problems = new ProblemCounter();
const sockets: BenchSocket[] = [];
let firstAt = 0;
let lastAt = 0;
let subscribeSentAt = 0;
let replayCompleteAt = 0;
let measuring = false;
let cpuAtStart = process.cpuUsage();
let reported = -1;

const send = (m: WorkerToCoordinator): void => { process.send?.(m); };

function recordDelivery(sentAt: number | undefined): void {
  const at = nowMs();
  if (firstAt === 0) firstAt = at;
  lastAt = at;
  samples.push(sentAt === undefined ? Number.NaN : at - sentAt);
}

/** Frames other than timed events: parsed in full, they are rare. */
function onControlFrame(data: Buffer, onAnswer: (subscribed: boolean) => void): void {
  let msg: { type?: unknown; code?: unknown; reason?: unknown };
  try {
    msg = JSON.parse(data.toString('utf8')) as typeof msg;
  } catch (err) {
    problems.add(`unparsable frame: ${(err as Error).message}`);
    return;
  }
  switch (msg.type) {
    case 'subscribed': onAnswer(true); break;
    case 'event': recordDelivery(undefined); break;
    case 'replay_complete': replayCompleteAt = nowMs(); break;
    case 'error': problems.add(`error ${String(msg.code)}`); onAnswer(false); break;
    case 'closing': problems.add(`closing ${String(msg.reason)}`); break;
    default: break;
  }
}

function inflateOrReport(inflater: MessageInflater, data: Buffer): Buffer | undefined {
  try {
    return inflater.inflate(data);
  } catch (err) {
    problems.add(`cannot inflate a setup frame: ${(err as Error).message}`);
    return undefined;
  }
}

/** Opens one connection, subscribes on `welcome`, resolves once every subscribe was answered. */
function openConnection(job: WorkerJob, index: number, compression: boolean): Promise<number> {
  const subs = buildScenario(job.scenario, job.quick).subscriptionsFor(index);
  return new Promise((resolve) => {
    let answered = 0;
    let subscribed = 0;
    let welcomed = false;
    let settled = false;
    const settle = (ok: number): void => { if (!settled) { settled = true; resolve(ok); } };
    const onAnswer = (ok: boolean): void => {
      answered += 1;
      if (ok) subscribed += 1;
      if (answered === subs.length) settle(subscribed);
    };
    const mode: SocketMode = !compression ? 'plain' : index % INFLATE_ONE_IN === 0 ? 'deflate-read' : 'deflate-count';
    const inflater = new MessageInflater();
    const ws = openBenchSocket(new URL(job.wsUrl), mode, {
      onOpen: (deflate) => { if (deflate !== compression) problems.add(`permessage-deflate ${deflate ? 'negotiated' : 'refused'} (wanted ${compression})`); },
      onMessage: (raw, compressed) => {
        // Once measuring, a still-deflated frame is an event: counted, its send time unread.
        if (compressed && measuring) { recordDelivery(undefined); return; }
        const data = compressed ? inflateOrReport(inflater, raw) : raw;
        if (!data) return;
        const sentAt = readSentAt(data);
        if (sentAt !== undefined) recordDelivery(sentAt);
        else if (!welcomed && data.includes('"welcome"')) {
          welcomed = true;
          subscribeSentAt = nowMs();
          for (const s of subs) ws.send(JSON.stringify({ type: 'subscribe', ...s, ...(job.resumeAfter ? { resume_after: job.resumeAfter } : {}) }));
        } else onControlFrame(data, onAnswer);
      },
      onError: (err) => { problems.add(`socket error: ${err.message}`); },
      onClose: (code) => {
        if (measuring || !settled) problems.add(`closed by server with ${code}`);
        settle(0);
      },
    });
    sockets.push(ws);
  });
}

async function connectAll(job: WorkerJob): Promise<void> {
  const scenario = buildScenario(job.scenario, job.quick);
  cpuAtStart = process.cpuUsage();
  let next = job.from;
  let connected = 0;
  let subscriptions = 0;
  const lane = async (): Promise<void> => {
    while (next < job.to) {
      const n = await openConnection(job, next++, scenario.compression);
      if (n > 0) { connected += 1; subscriptions += n; }
    }
  };
  const lanes = Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, lane));
  const timedOut = await Promise.race([lanes.then(() => false), new Promise<boolean>((r) => setTimeout(r, SETUP_TIMEOUT_MS, true).unref())]);
  if (timedOut) problems.add(`setup timed out after ${SETUP_TIMEOUT_MS} ms`);
  measuring = true;
  // A replay is measured from its subscribe on; live traffic only once every connection is ready.
  if (!job.resumeAfter) cpuAtStart = process.cpuUsage();
  send({ kind: 'ready', connected, subscriptions, problems: problems.list() });
  setInterval(() => {
    if (samples.length === reported) return;
    reported = samples.length;
    send({ kind: 'progress', deliveries: samples.length, lastAt });
  }, PROGRESS_EVERY_MS);
}

function report(): WorkerReport {
  const cpu = process.cpuUsage(cpuAtStart);
  return {
    deliveries: samples.length, latenciesMs: samples.toArray(), firstAt, lastAt, subscribeSentAt, replayCompleteAt,
    cpuSeconds: (cpu.user + cpu.system) / 1e6, problems: problems.list(),
  };
}

/** Forgets the warm-up deliveries, so that the measured phase starts from zero. */
function reset(): void {
  samples.clear();
  firstAt = 0;
  lastAt = 0;
  reported = -1;
  cpuAtStart = process.cpuUsage();
  send({ kind: 'reset-done' });
}

function stop(): never {
  for (const ws of sockets) ws.terminate();
  process.exit(0);
}

process.on('message', (m: CoordinatorToWorker) => {
  if (m.kind === 'connect') connectAll(m.job).catch((err: Error) => send({ kind: 'failed', message: err.stack ?? err.message }));
  else if (m.kind === 'report') send({ kind: 'report', report: report() });
  else if (m.kind === 'reset') reset();
  else stop();
});
process.on('disconnect', stop);
