// End to end: `incident-relay serve --notify` turns a published P0 (and not a P3) into one real desktop notification.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, startServe, type ServeProcess } from '../support/cli-process.js';
import { created, incident } from './support/fixtures.js';
import { waitFor } from './support/recording.js';
import { startDesktopSession, type DesktopSession } from './support/desktop-session.js';

let session: DesktopSession | undefined;
let server: ServeProcess | undefined;

beforeAll(async () => {
  session = await startDesktopSession();
});

afterAll(async () => {
  await server?.stop();
  await session?.stop();
});

describe('incident-relay serve --notify', () => {
  it('shows exactly one notification, for the P0, with its title and critical urgency', async () => {
    const s = session;
    if (!s) throw new Error('setup failed');
    expect(existsSync(CLI), `${CLI} is missing: build first (npm run build)`).toBe(true);
    server = await startServe(['--notify'], { env: { ...s.env, NODE_ENV: 'test' } });

    // The P3 goes first: deliveries keep publish order, so once the P0 is on screen a P3 notification would be too.
    const p3 = incident({ severity: 'P3', title: 'Disk usage at 71%' });
    const p0 = incident({ severity: 'P0', title: 'Payments API returning 503', affected_resources: ['payments-api'] });
    const res = await fetch(`${server.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
      body: JSON.stringify({ events: [created(p3), created(p0)] }),
    });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { message_ids: string[] }).message_ids).toHaveLength(2);

    await waitFor('a notification on the desktop', async () => (await s.openCount()) > 0);
    const shown = await s.takeHistory();
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ summary: 'P0 · payments-api: Payments API returning 503', urgency: 'critical', appname: 'Incident Relay' });
  });
});
