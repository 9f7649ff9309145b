// The guide's JavaScript and Python example clients connect, subscribe and receive a published event unchanged.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from '../support/cli-process.js';
import { created, incident } from '../support/fixtures.js';

let s: ServeProcess;
beforeAll(async () => {
  s = await startServe();
});
afterAll(async () => {
  await s.stop();
});

/** Runs a client until it prints `Subscribed`, publishes a P1 incident, and returns everything it printed. */
async function runClient(cmd: string, args: string[], title: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += String(d); });
  child.stderr.on('data', (d) => { out += String(d); });
  const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  const deadline = Date.now() + 15_000;
  while (!out.includes('Subscribed') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 200));
  const res = await fetch(`${s.url}/v1/events`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${s.token}` },
    body: JSON.stringify(created(incident({ severity: 'P1', title }))),
  });
  expect(res.status).toBe(202);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const code = await exited;
  clearTimeout(timer);
  return { code, out };
}

describe('the guide example clients', () => {
  it('JavaScript (browser WebSocket API) receives a P1 incident', async () => {
    const r = await runClient(process.execPath, ['--experimental-websocket', '--no-warnings', resolve('test/headless/guide-clients/guide-client.mjs'), `ws://localhost:${s.port}/ws`], 'guide js');
    expect(r.out).toContain('Critical incident:');
    expect(r.out).toContain('guide js');
    expect(r.code).toBe(0);
  });

  it('Python (websockets) receives the incident', async () => {
    const r = await runClient('/usr/bin/python3', [resolve('test/headless/guide-clients/guide_client.py'), `ws://localhost:${s.port}/ws`], 'guide python');
    expect(r.out).toContain('Incident:');
    expect(r.out).toContain('guide python');
    expect(r.code).toBe(0);
  });
});
