// End to end: `incident-relay serve --notify` turns a published P0 (and not a P3) into one real desktop notification.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, incident } from './support/fixtures.js';
import { waitFor } from './support/recording.js';
import { startDesktopSession, type DesktopSession } from './support/desktop-session.js';

const CLI = resolve('dist/src-main/headless/cli.js');

let session: DesktopSession | undefined;
let server: ChildProcess | undefined;
let dataDir: string | undefined;

beforeAll(async () => {
  session = await startDesktopSession();
  dataDir = await mkdtemp(join(tmpdir(), 'ir-serve-notify-'));
});

afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    const exited = new Promise<void>((r) => server?.once('exit', () => r()));
    server.kill('SIGTERM');
    const timer = setTimeout(() => server?.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  await session?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Starts the CLI and resolves with the base URL it prints (`listening on http://HOST:PORT`). */
function startServe(env: NodeJS.ProcessEnv, dir: string): Promise<string> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--notify', '--data-dir', dir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  server = child;
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => {
    err = (err + c.toString('utf8')).slice(-4000);
  });
  return new Promise((resolveUrl, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolveUrl(m[1].replace(/\/$/, ''));
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}\nstdout: ${out}\nstderr: ${err}`)));
  });
}

describe('incident-relay serve --notify', () => {
  it('shows exactly one notification, for the P0, with its title and critical urgency', async () => {
    const s = session;
    const dir = dataDir;
    if (!s || !dir) throw new Error('setup failed');
    expect(existsSync(CLI), `${CLI} is missing: build first (npm run build)`).toBe(true);
    const base = await startServe({ ...s.env, NODE_ENV: 'test' }, dir);
    const tokenFile = join(dir, 'publish-token');
    await waitFor('the publish token file', () => existsSync(tokenFile));
    const token = (await readFile(tokenFile, 'utf8')).trim();

    // The P3 goes first: deliveries keep publish order, so once the P0 is on screen a P3 notification would be too.
    const p3 = incident({ severity: 'P3', title: 'Disk usage at 71%' });
    const p0 = incident({ severity: 'P0', title: 'Payments API returning 503', affected_resources: ['payments-api'] });
    const res = await fetch(`${base}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ events: [created(p3), created(p0)] }),
    });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { message_ids: string[] }).message_ids).toHaveLength(2);

    await waitFor('a notification on the desktop', async () => (await s.openCount()) > 0);
    const shown = await s.takeHistory();
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ summary: 'P0 incident: Payments API returning 503', urgency: 'critical', appname: 'Incident Relay' });
  });
});
