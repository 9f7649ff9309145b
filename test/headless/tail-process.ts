// Test helpers for `incident-relay tail` as a child process: its stdout lines, stderr and exit; publishing to a serve; its subscription count.
import { spawn, type ChildProcess } from 'node:child_process';
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import { CLI, type ServeProcess } from '../support/cli-process.js';

export interface TailProcess {
  child: ChildProcess;
  lines(): string[];
  stderr(): string;
  exit: Promise<number | null>;
}

/** Starts `tail ARGS` with extra environment variables (NO_COLOR is removed unless given). */
export function startTail(args: string[], env: NodeJS.ProcessEnv = {}): TailProcess {
  const base = { ...process.env };
  delete base['NO_COLOR'];
  const child = spawn(process.execPath, [CLI, 'tail', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...base, ...env } });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => { out += String(d); });
  child.stderr!.on('data', (d: Buffer) => { err += String(d); });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines: () => out.split('\n').filter(Boolean), stderr: () => err, exit };
}

/** Publishes events to a running serve with its token; the message ids. */
export async function publish(s: ServeProcess, ...events: IncidentEvent[]): Promise<string[]> {
  const res = await fetch(`${s.url}/v1/events`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` }, body: JSON.stringify({ events }),
  });
  if (res.status !== 202) throw new Error(`publish: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { message_ids: string[] }).message_ids;
}

/** The server's `websocket_active_subscriptions` gauge (a tail counts one once subscribed). */
export async function activeSubscriptions(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const m = /^websocket_active_subscriptions (\d+)/m.exec(text);
  return m ? Number(m[1]) : 0;
}
