// The runner's handle on the load-client process: start a job, wait until connected, go, and collect the result.
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnNode, stopChild } from './child-processes.js';
import type { ClientJob, ClientResult, ClientToRunner, RunnerToClient } from './ipc-messages.js';

type Ready = Extract<ClientToRunner, { kind: 'ready' }>;

/** Bound on each phase, so that a stuck server or client can never hang the run. */
const PHASE_TIMEOUT_MS = 300_000;

export class LoadClientProcess {
  private readonly child: ChildProcess;
  private readonly inbox: ClientToRunner[] = [];
  private wake: (() => void) | undefined;
  private exited: string | undefined;

  constructor(job: ClientJob) {
    const script = fileURLToPath(new URL('./load-client.js', import.meta.url));
    this.child = spawnNode([script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
    this.child.on('message', (m: ClientToRunner) => { this.inbox.push(m); this.wake?.(); });
    this.child.once('exit', (code, signal) => { this.exited = `load client exited (code ${code}, signal ${signal})`; this.wake?.(); });
    this.send({ kind: 'start', job });
  }

  private send(m: RunnerToClient): void {
    if (this.child.connected) this.child.send(m);
  }

  private async next(): Promise<ClientToRunner> {
    const deadline = Date.now() + PHASE_TIMEOUT_MS;
    while (this.inbox.length === 0) {
      if (this.exited) throw new Error(this.exited);
      if (Date.now() > deadline) throw new Error(`load client silent for ${PHASE_TIMEOUT_MS} ms`);
      await new Promise<void>((r) => {
        this.wake = r;
        setTimeout(r, 1_000).unref();
      });
    }
    const m = this.inbox.shift() as ClientToRunner;
    if (m.kind === 'failed') throw new Error(`load client failed: ${m.message}`);
    return m;
  }

  /** Resolves once every connection is open and subscribed (or the replay's events are published). */
  async ready(): Promise<Ready> {
    const m = await this.next();
    if (m.kind !== 'ready') throw new Error(`load client sent ${m.kind} before ready`);
    return m;
  }

  /** Starts the measured phase and resolves with its figures. */
  async run(): Promise<ClientResult> {
    this.send({ kind: 'go' });
    const m = await this.next();
    if (m.kind !== 'result') throw new Error(`load client sent ${m.kind} instead of a result`);
    return m.result;
  }

  async stop(): Promise<void> {
    this.send({ kind: 'stop' });
    await stopChild(this.child);
  }
}
