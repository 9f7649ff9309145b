// The README's "First five minutes" block, run as written (only the temp data dir and a free port come from the environment).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../support/cli-process.js';
import { created, incident } from '../support/fixtures.js';
import { waitFor } from '../relay/relay-harness.js';

/** The `npx incident-relay …` lines of the README's first sh block under "## First five minutes", comments stripped. */
function walkthrough(): string[][] {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.split(/^## First five minutes$/m)[1]?.split(/^## /m)[0] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter(Boolean).map((l) => l.split(/\s+/));
}

interface Running { child: ChildProcess; out: () => string; err: () => string; exit: Promise<number | null> }

describe('README: first five minutes', () => {
  const commands = walkthrough();
  const dataDir = mkdtempSync(join(tmpdir(), 'ir-first-five-'));
  let env: NodeJS.ProcessEnv;
  let base = '';
  const running: Running[] = [];

  /** `npx incident-relay ARGS` is the package's bin, i.e. node CLI ARGS. */
  const start = (words: string[]): Running => {
    expect(words.slice(0, 2)).toEqual(['npx', 'incident-relay']);
    const child = spawn(process.execPath, [CLI, ...words.slice(2)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => { out += String(d); });
    child.stderr!.on('data', (d: Buffer) => { err += String(d); });
    const r = { child, out: () => out, err: () => err, exit: new Promise<number | null>((res) => child.once('exit', (c) => res(c))) };
    running.push(r);
    return r;
  };
  const command = (name: string) => {
    const c = commands.find((w) => w[2] === name);
    if (!c) throw new Error(`the walkthrough has no ${name} command`);
    return c;
  };

  beforeAll(async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    base = `http://127.0.0.1:${port}`;
    const clean = { ...process.env };
    for (const k of Object.keys(clean)) if (k.startsWith('INCIDENT_RELAY_') || k === 'NO_COLOR') delete clean[k];
    env = { ...clean, INCIDENT_RELAY_DATA_DIR: dataDir, INCIDENT_RELAY_PORT: String(port), INCIDENT_RELAY_URL: base };
  });

  afterAll(async () => {
    for (const r of running.reverse()) if (r.child.exitCode === null) r.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is serve, simulate, tail, console, through the package bin', () => {
    expect(commands.map((w) => w[2])).toEqual(['serve', 'simulate', 'tail', 'console']);
    expect((JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> }).bin['incident-relay']).toBe('dist/src-main/headless/cli.js');
  });

  it('does what the walkthrough says each command does', async () => {
    const serve = start(command('serve'));
    await waitFor(() => /console: +http:\/\/127\.0\.0\.1:\d+\/\?code=/.test(serve.out()), 'serve to start', 30_000);
    expect(serve.out()).toContain(`listening on ${base}`);
    expect(serve.out()).toContain(`publish token: ${join(dataDir, 'publish-token')}`);

    const tail = start(command('tail'));
    const simulate = start(command('simulate'));
    const active = async () => ((await (await fetch(`${base}/v1/incidents?active_only=true&limit=1`)).json()) as { total: number }).total;
    await waitFor(async () => (await active()) >= 3, 'the simulated shift to open incidents', 60_000);

    // "the urgent events": a P1 of our own shows up in tail, a P3 does not; every line is P0 or P1.
    const token = readFileSync(join(dataDir, 'publish-token'), 'utf8').trim();
    for (const [severity, title] of [['P3', 'walkthrough quiet one'], ['P1', 'walkthrough urgent one']] as const) {
      const res = await fetch(`${base}/v1/events`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(created(incident({ severity, title }))),
      });
      expect(res.status).toBe(202);
    }
    await waitFor(() => tail.out().includes('walkthrough urgent one'), 'tail to print the P1', 30_000);
    const lines = tail.out().split('\n').filter(Boolean);
    for (const l of lines) expect(l).toMatch(/^\d\d:\d\d:\d\d P[01] \w+ +.+ \(.+\)/);
    expect(tail.out()).not.toContain('walkthrough quiet one');

    const consoleRun = command('console');
    const printed = spawnSync(process.execPath, [CLI, ...consoleRun.slice(2)], { env, encoding: 'utf8', timeout: 20_000 });
    expect(printed.status, printed.stderr).toBe(0);
    const link = new URL(printed.stdout.trim());
    expect(`${link.origin}/`).toBe(`${base}/`);
    const login = await fetch(`${base}/control/login`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ code: link.searchParams.get('code') }),
    });
    expect(login.status).toBe(200);

    simulate.child.kill('SIGINT');
    expect(await simulate.exit).toBe(0);
    expect(simulate.err()).toMatch(/simulate: published \d+ events to \S+ in \d+\.\d s; \d+ incidents? opened, \d+ resolved, \d+ active \(stopped\)\n$/);
    tail.child.kill('SIGINT');
    expect(await tail.exit).toBe(0);
    serve.child.kill('SIGINT');
    expect(await serve.exit).toBe(0);
  }, 120_000);
});
