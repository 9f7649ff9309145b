// Starts a server under test (Incident Relay's CLI or the plain-ws baseline) as its own process and waits for its address.
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { spawnNode, stopChild } from './child-processes.js';

const START_TIMEOUT_MS = 30_000;
const LISTENING = /listening on (http:\/\/\S+)/;

export interface ServerCommand {
  /** Script and leading arguments, e.g. `[cli.js, 'serve']`. */
  argv: string[];
  /** Extra flags appended to every start. */
  extraArgs: string[];
}

export interface ServerOptions {
  dataDir: string;
  compression: boolean;
  journal: boolean;
  /** `replay_compression` (the relay only); the server's default when absent. */
  replayCompression?: 'auto' | 'always' | 'never';
}

export interface RunningServer {
  pid: number;
  baseUrl: string;
  token: string;
  /** Last lines the server wrote to stderr (for error reports). */
  stderrTail(): string;
  stop(): Promise<void>;
}

/** The flags of PROTOCOL.md section 9 that every benchmark start passes. */
export function serverFlags(o: ServerOptions): string[] {
  return [
    '--port', '0', '--data-dir', o.dataDir,
    ...(o.journal ? [] : ['--no-journal']),
    '--enable-compression', String(o.compression),
    '--max-connections', '20000',
    '--max-subscriptions-per-session', '1000',
    ...(o.replayCompression ? ['--replay-compression', o.replayCompression] : []),
  ];
}

async function readToken(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'publish-token');
  for (let attempt = 0; ; attempt++) {
    try {
      return (await readFile(file, 'utf8')).trim();
    } catch (err) {
      if (attempt >= 20) throw new Error(`no publish token at ${file}: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function waitForAddress(child: ChildProcess, stderrTail: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server printed no "listening on" line in ${START_TIMEOUT_MS} ms\n${stderrTail()}`)), START_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      out = (out + chunk.toString('utf8')).slice(-4096);
      const m = LISTENING.exec(out);
      if (m?.[1]) { clearTimeout(timer); resolve(m[1].replace(/\/+$/, '')); }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening (code ${code}, signal ${signal})\n${stderrTail()}`));
    });
  });
}

/** Spawns the server, waits for `listening on http://HOST:PORT`, and reads its publish token. */
export async function startServer(command: ServerCommand, options: ServerOptions): Promise<RunningServer> {
  const child = spawnNode([...command.argv, ...serverFlags(options), ...command.extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => { err = (err + chunk.toString('utf8')).slice(-4000); });
  const stderrTail = (): string => err.trim().split('\n').slice(-15).join('\n');
  try {
    const baseUrl = await waitForAddress(child, stderrTail);
    const token = await readToken(options.dataDir);
    if (child.pid === undefined) throw new Error('server has no pid');
    return { pid: child.pid, baseUrl, token, stderrTail, stop: () => stopChild(child) };
  } catch (e) {
    await stopChild(child);
    throw e;
  }
}
