// CLI conventions (issue 20): usage mistakes are exit 2 before connecting, --help/--version everywhere, any URL form, errors naming the address.
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, startServe, type ServeProcess } from '../support/cli-process.js';
import { created, incident } from '../support/fixtures.js';

const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, ...env } });

/** The same, without blocking, so independent cases can run side by side. */
const runAsync = (args: string[]) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += String(d); });
  child.stderr.on('data', (d) => { stderr += String(d); });
  child.once('close', (status) => resolve({ status, stdout, stderr }));
});

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

/** A real listener that counts connections: a usage error must never reach it. */
async function countingListener(): Promise<{ server: Server; url: string; connections: () => number }> {
  let connections = 0;
  const server = createServer((sock) => { connections++; sock.destroy(); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { server, url: `http://127.0.0.1:${port}`, connections: () => connections };
}

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('usage mistakes are rejected before connecting (exit 2)', () => {
  let listener: Awaited<ReturnType<typeof countingListener>>;
  beforeAll(async () => { listener = await countingListener(); });
  afterAll(() => { listener.server.close(); });

  it.concurrent.each([
    [['tail', '--sevrities', 'P0'], /unknown flag --sevrities for tail \(did you mean --severities\?\)/],
    [['tail', '--severities', 'P9'], /--severities: "P9" is not valid; choose from P0, P1, P2, P3, P4/],
    [['tail', '--severities', 'P0,Px'], /"Px" is not valid; choose from P0, P1, P2, P3, P4/],
    [['tail', '--label', 'team'], /--label needs KEY=VALUE \(got "team"\)/],
    [['tail', '--event-types', 'incident_craeted'], /did you mean incident_created\?/],
    [['tail', '--states', 'Open'], /choose from Detected, Triaged, Investigating, Remediating, Resolved, Closed/],
    [['publish', '--tokn', 'x'], /unknown flag --tokn for publish \(did you mean --token\?\)/],
    [['simulate', '--rate', '-1'], /--rate must be a number at least 0 and at most 10000 \(got "-1"\)/],
    [['simulate', '--active', '0'], /--active must be a whole number at least 1 and at most 10000 \(got "0"\)/],
    [['simulate', '--count', '1.5'], /--count must be a whole number at least 0/],
    [['simulate', '--rate'], /--rate needs a value/],
    [['serve', '--prot', '1'], /unknown flag --prot for serve \(did you mean --port\?\)/],
    [['tial'], /unknown command "tial" \(did you mean tail\?\)/],
    [['tail', '--url', 'ftp://host'], /--url: "ftp:\/\/host" is not a server address/],
  ])('%j', async (args, message) => {
    const r = await runAsync([...args, ...(args[0] === 'serve' || args[0] === 'tial' || args.includes('--url') ? [] : ['--url', listener.url])]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(listener.connections()).toBe(0);
  });
});

describe('--help and --version on every command', () => {
  it.concurrent.each(['serve', 'publish', 'tail', 'simulate', 'notify-test', 'console', 'console-url'])('%s --help prints its usage, exits 0 and sends nothing', async (cmd) => {
    const listener = await countingListener();
    try {
      const r = await runAsync([cmd, '--help', '--url', listener.url]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(`usage: incident-relay ${cmd === 'console-url' ? 'console' : cmd}`); // console-url: an alias
      expect(r.stdout).toContain('exit codes: 0 ok, 1 runtime error');
      expect(r.stdout).not.toContain('sent a test notification');
      expect(listener.connections()).toBe(0);
    } finally {
      listener.server.close();
    }
  });

  it.concurrent.each(['publish', 'tail', 'simulate', 'console'])('%s --help explains the --data-dir token lookup', async (cmd) => {
    {
      const r = await runAsync([cmd, '--help']);
      expect(r.stdout).toMatch(/token lookup: --token, else \$INCIDENT_RELAY_PUBLISH_TOKEN, else <data dir>\/publish-token/);
      expect(r.stdout).toContain('A server started with --data-dir X needs --data-dir X here.');
    }
  });

  it.concurrent.each([[['--version']], [['serve', '--version']], [['tail', '--version']], [['notify-test', '--version']]])('%j prints the version', async (args) => {
    const r = await runAsync(args);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`incident-relay ${VERSION}\n`);
  });
});

describe('addresses', () => {
  it('a wrong port names the address and the cause (exit 1)', async () => {
    const port = await closedPort();
    const file = join(mkdtempSync(join(tmpdir(), 'ir-conv-')), 'e.json');
    writeFileSync(file, JSON.stringify(created(incident())));
    const p = run(['publish', file, '--url', `http://127.0.0.1:${port}`, '--token', 't']);
    expect(p.status).toBe(1);
    expect(p.stderr).toContain(`cannot connect to http://127.0.0.1:${port}: connection refused`);
    const t = run(['tail', '--url', `ws://127.0.0.1:${port}/ws`]);
    expect(t.status).toBe(1);
    expect(t.stderr).toContain(`cannot connect to http://127.0.0.1:${port}: connection refused`);
  });

  describe('against a running server', () => {
    let s: ServeProcess;
    beforeAll(async () => { s = await startServe(); });
    afterAll(async () => { await s.stop(); });

    it('publish accepts every printed form of the URL, and --data-dir finds the token', () => {
      const file = join(s.dataDir, 'e.json');
      writeFileSync(file, JSON.stringify(created(incident())));
      for (const url of [`ws://127.0.0.1:${s.port}/ws`, `${s.url}/`, `127.0.0.1:${s.port}`, `http://127.0.0.1:${s.port}/ws/`]) {
        const r = run(['publish', file, '--url', url, '--data-dir', s.dataDir]);
        expect(r.status, `${url}: ${r.stderr}`).toBe(0);
        expect(r.stdout.trim()).toMatch(/-\d+$/);
      }
    });

    it('tail --url ws://HOST:PORT/ws (the URL serve prints) streams, and lowercase severities are accepted', async () => {
      const tail = spawn(process.execPath, [CLI, 'tail', '--url', `ws://127.0.0.1:${s.port}/ws`, '--severities', 'p0'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      tail.stdout.on('data', (d) => { out += String(d); });
      tail.stderr.on('data', (d) => { err += String(d); });
      const file = join(s.dataDir, 'p0.json');
      writeFileSync(file, JSON.stringify(created(incident({ severity: 'P0', title: 'printed url works' }))));
      for (let i = 0; i < 200 && !out.includes('printed url works'); i++) {
        if (i % 20 === 0) expect(run(['publish', file, '--url', s.url, '--token', s.token]).status).toBe(0);
        await new Promise((r) => setTimeout(r, 100));
      }
      tail.kill('SIGINT');
      expect(out, err).toMatch(/^\d\d:\d\d:\d\d P0 incident_created +printed url works \(api\) {2}Detected$/m);
    });

    it('simulate: "1 event" singular, no \\r progress when piped, a summary at the end', () => {
      const r = run(['simulate', '--url', s.url, '--token', s.token, '--rate', '100', '--count', '1', '--seed', '3']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toContain('\r');
      expect(r.stderr).toMatch(new RegExp(`^simulate: published 1 event to ${s.url} in \\d+\\.\\d s; 1 incident opened, 0 resolved, 1 active\\n$`));
    });
  });
});
