// `incident-relay tail --transport ws|msgpack|sse`: the same lines over each transport, filters and --resume included.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, startServe, type ServeProcess } from '../support/cli-process.js';
import { created, incident } from '../support/fixtures.js';

let s: ServeProcess;
const children: ChildProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'ir-tail-transport-'));
beforeAll(async () => {
  s = await startServe();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

function tail(args: string[]): { lines(): string[]; err(): string; exit: Promise<number | null>; child: ChildProcess } {
  const child = spawn(process.execPath, [CLI, 'tail', '--url', s.url, '--json', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => { out += String(d); });
  child.stderr!.on('data', (d: Buffer) => { err += String(d); });
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { lines: () => out.split('\n').filter(Boolean), err: () => err, exit, child };
}

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function publish(events: unknown[]): Promise<string[]> {
  const res = await fetch(`${s.url}/v1/events`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${s.token}` }, body: JSON.stringify({ events }),
  });
  return ((await res.json()) as { message_ids: string[] }).message_ids;
}

/** One sample of the server's metrics, e.g. `websocket_active_subscriptions` or `incident_relay_connections_total{transport="sse"}`. */
const metric = async (series: string) => {
  const text = await (await fetch(`${s.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return Number(line?.slice(series.length + 1) ?? NaN);
};

/** Waits until a metric sample reaches `value` (subscriptions are filed before any later publish is routed). */
async function waitForMetric(series: string, value: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (await metric(series) < value) {
    if (Date.now() > deadline) throw new Error(`${series} stayed below ${value}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('tail --transport', () => {
  it('prints the same filtered events over ws, msgpack and sse, each over its own transport', async () => {
    const tails = { ws: tail(['--severities', 'p1']), msgpack: tail(['--transport', 'msgpack', '--severities', 'P1']), sse: tail(['--transport', 'sse', '--severities', 'P1']) };
    await waitForMetric('websocket_active_subscriptions', 3);
    for (const transport of ['json', 'msgpack', 'sse']) expect(await metric(`incident_relay_active_connections{transport="${transport}"}`)).toBe(1);
    const ids = await publish([created(incident({ severity: 'P1', title: 'one' })), created(incident({ severity: 'P3', title: 'no' })), created(incident({ severity: 'P1', title: 'two' }))]);
    for (const t of Object.values(tails)) await waitFor(() => t.lines().length >= 2, 'two events');
    for (const [name, t] of Object.entries(tails)) {
      expect(t.lines().map((l) => (JSON.parse(l) as { message_id: string }).message_id), name).toEqual([ids[0], ids[2]]);
      t.child.kill('SIGINT');
      expect(await t.exit, name).toBe(0);
    }
  });

  it('--transport sse --resume FILE resumes through Last-Event-ID', async () => {
    const resumeFile = join(dir, 'sse-resume');
    const opened = await metric('incident_relay_connections_total{transport="sse"}');
    const first = tail(['--transport', 'sse', '--resume', resumeFile]);
    await waitForMetric('incident_relay_connections_total{transport="sse"}', opened + 1);
    const [a] = await publish([created(incident({ title: 'a' }))]);
    await waitFor(() => first.lines().length >= 1, 'the first event');
    first.child.kill('SIGINT');
    await first.exit;
    expect(readFileSync(resumeFile, 'utf8')).toBe(a);
    const [b, c] = await publish([created(incident({ title: 'b' })), created(incident({ title: 'c' }))]);
    const second = tail(['--transport', 'sse', '--resume', resumeFile]);
    await waitFor(() => second.lines().length >= 2, 'the missed events');
    expect(second.lines().map((l) => (JSON.parse(l) as { message_id: string }).message_id)).toEqual([b, c]);
    await waitFor(() => second.err().includes(`resumed after ${a}, nothing missed (2 events replayed)`), 'the replay_complete notice');
    expect(readFileSync(resumeFile, 'utf8')).toBe(c);
    second.child.kill('SIGINT');
    expect(await second.exit).toBe(0);
  });

  it('refuses an unknown transport with exit 2 and the choices, before connecting', () => {
    const r = spawnSync(process.execPath, [CLI, 'tail', '--url', s.url, '--transport', 'msgpak'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/did you mean msgpack\?.*choose from ws, msgpack, sse/);
  });
});
