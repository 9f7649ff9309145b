// End to end: `serve --notify` restarted on the same data dir does not show again what it showed before the restart.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import { notifyStateFile } from '../../src-main/notify/index.js';
import { created, incident } from './support/fixtures.js';
import { waitFor } from './support/recording.js';
import { startDesktopSession, type DesktopSession } from './support/desktop-session.js';

const CLI = resolve('dist/src-main/headless/cli.js');

let session: DesktopSession | undefined;
let server: ChildProcess | undefined;
let dataDir: string | undefined;

/** Stops the running serve with SIGTERM (a clean shutdown, as a service manager does), SIGKILL after 5 s. */
async function stopServe(): Promise<void> {
  const child = server;
  server = undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

beforeAll(async () => {
  session = await startDesktopSession();
  dataDir = await mkdtemp(join(tmpdir(), 'ir-serve-notify-restart-'));
});

afterAll(async () => {
  await stopServe();
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

async function publish(base: string, token: string, events: IncidentEvent[]): Promise<void> {
  const res = await fetch(`${base}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ events }),
  });
  expect(res.status).toBe(202);
}

describe('incident-relay serve --notify across a restart', () => {
  it('does not notify again for an incident it notified before the restart, and notifies a new one', async () => {
    const s = session;
    const dir = dataDir;
    if (!s || !dir) throw new Error('setup failed');
    expect(existsSync(CLI), `${CLI} is missing: build first (npm run build)`).toBe(true);
    const env = { ...s.env, NODE_ENV: 'test' };
    const p0 = incident({ severity: 'P0', title: 'Payments API returning 503', affected_resources: ['payments-api'] });

    let base = await startServe(env, dir);
    const tokenFile = join(dir, 'publish-token');
    await waitFor('the publish token file', () => existsSync(tokenFile));
    const token = (await readFile(tokenFile, 'utf8')).trim();
    await publish(base, token, [created(p0)]);
    await waitFor('the first notification', async () => (await s.openCount()) > 0);
    expect((await s.takeHistory()).map((n) => n.summary)).toEqual(['P0 incident: Payments API returning 503']);
    await stopServe();
    if (process.platform !== 'win32') expect(statSync(notifyStateFile(dir)).mode & 0o777).toBe(0o600);

    base = await startServe(env, dir);
    // The same change again (as a relay or a retrying sender would send it), then a new incident. Deliveries keep
    // publish order, so once the new one is on screen a repeat of the P0 would be too.
    const p1 = incident({ severity: 'P1', title: 'Search latency above 2 s', affected_resources: ['search'] });
    await publish(base, token, [created(p0), created(p1)]);
    await waitFor('the notification after the restart', async () => (await s.openCount()) > 0);
    expect((await s.takeHistory()).map((n) => n.summary)).toEqual(['P1 incident: Search latency above 2 s']);
  });
});
