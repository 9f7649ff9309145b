// End to end: `serve --notify` restarted on the same data dir does not show again what it showed before the restart.
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import { notifyStateFile } from '../../src-main/notify/index.js';
import { CLI, startServe, type ServeProcess } from '../support/cli-process.js';
import { created, incident } from './support/fixtures.js';
import { waitFor } from './support/recording.js';
import { startDesktopSession, type DesktopSession } from './support/desktop-session.js';

let session: DesktopSession | undefined;
let server: ServeProcess | undefined;
let dataDir: string | undefined;

beforeAll(async () => {
  session = await startDesktopSession();
  dataDir = await mkdtemp(join(tmpdir(), 'ir-serve-notify-restart-'));
});

afterAll(async () => {
  await server?.stop();
  await session?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function publish(events: IncidentEvent[]): Promise<void> {
  const res = await fetch(`${server!.url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server!.token}` },
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
    const start = async () => (server = await startServe(['--notify'], { dataDir: dir, env: { ...s.env, NODE_ENV: 'test' } }));
    const p0 = incident({ severity: 'P0', title: 'Payments API returning 503', affected_resources: ['payments-api'] });

    await start();
    await publish([created(p0)]);
    await waitFor('the first notification', async () => (await s.openCount()) > 0);
    expect((await s.takeHistory()).map((n) => n.summary)).toEqual(['P0 · payments-api: Payments API returning 503']);
    // SIGTERM: a clean shutdown, as a service manager does.
    expect(await server!.stop('SIGTERM')).toBe(0);
    if (process.platform !== 'win32') expect(statSync(notifyStateFile(dir)).mode & 0o777).toBe(0o600);

    await start();
    // The same change again (as a relay or a retrying sender would send it), then a new incident. Deliveries keep
    // publish order, so once the new one is on screen a repeat of the P0 would be too.
    const p1 = incident({ severity: 'P1', title: 'Search latency above 2 s', affected_resources: ['search'] });
    await publish([created(p0), created(p1)]);
    await waitFor('the notification after the restart', async () => (await s.openCount()) > 0);
    expect((await s.takeHistory()).map((n) => n.summary)).toEqual(['P1 · search: Search latency above 2 s']);
  });
});
