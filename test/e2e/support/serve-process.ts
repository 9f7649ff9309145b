// `incident-relay serve` as a child process: started on a port and data dir, its console URL read from stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './build.js';

export interface ServeProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** The `  console:` line's URL, with its one-time login code. */
  consoleUrl: string;
  output(): string;
  /** SIGTERM (graceful) or SIGKILL (crash); resolves once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startServe(dataDir: string, port = 0, extraArgs: string[] = []): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--data-dir', dataDir, '--log-level', 'warn', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => { out += String(d); });
  child.stderr!.on('data', (d) => { out += String(d); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  try {
    const consoleUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve printed no console URL within 20 s:\n${out}`)), 20_000);
      const check = () => {
        const m = /^ {2}console: +(http:\/\/\S+)$/m.exec(out);
        if (!m) return;
        clearTimeout(timer);
        resolve(m[1]!);
      };
      child.stdout!.on('data', check);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`serve exited early:\n${out}`));
      });
    });
    const url = new URL(consoleUrl).origin;
    return { child, url, port: Number(new URL(url).port), consoleUrl, output: () => out, stop };
  } catch (err) {
    await stop('SIGKILL');
    throw err;
  }
}

/** Publishes events over HTTP with the publish token; throws unless accepted. */
export async function publishEvents(url: string, token: string, events: unknown[]): Promise<void> {
  const res = await fetch(`${url}/v1/events`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ events }),
  });
  if (res.status !== 202) throw new Error(`publish refused: ${res.status} ${await res.text()}`);
}

/** One bridge call as a tool (bearer publish token). */
export async function control<T = unknown>(url: string, token: string, channel: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${url}/control/${channel}`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`${channel} refused: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
