// Issue 17, real daemon: the Watchdog heartbeat guard of `serve --notify` raises "Not receiving" and clears it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from '../support/cli-process.js';
import { alert } from './support/fixtures.js';
import { waitFor } from './support/recording.js';
import { startDesktopSession, type DesktopSession, type ShownNotification } from './support/desktop-session.js';

let session: DesktopSession | undefined;
let server: ServeProcess | undefined;

beforeAll(async () => {
  session = await startDesktopSession();
});

afterAll(async () => {
  await server?.stop();
  await session?.stop();
});

describe('serve --notify --heartbeat-alert alertname=Watchdog', () => {
  it('raises one "Not receiving" while the Watchdog is silent past stale_after, and clears it when the Watchdog fires', async () => {
    const s = session;
    if (!s) throw new Error('setup failed');
    server = await startServe(['--notify', '--stale-after-secs', '10', '--heartbeat-alert', 'alertname=Watchdog'], { env: { ...s.env, NODE_ENV: 'test' } });
    const seen: ShownNotification[] = [];
    const collect = async (): Promise<string[]> => {
      seen.push(...await s.takeHistory());
      return seen.map((n) => n.summary);
    };
    await waitFor('the not-receiving notice', async () => (await collect()).some((t) => t.startsWith('Not receiving from the heartbeat alert since')), 40_000);
    const raised = seen.find((n) => n.summary.startsWith('Not receiving'));
    expect(raised?.urgency).toBe('critical');
    expect(raised?.body).toMatch(/No alert with alertname=Watchdog arrived for over 10 s: incidents from \d\d:\d\d:\d\dZ on could not be checked/);

    const res = await fetch(`${server.url}/v1/events`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
      body: JSON.stringify({ event_type: 'alert_received', alert: alert({ severity: 'P4', title: 'Watchdog', labels: { alertname: 'Watchdog' } }) }),
    });
    expect(res.status).toBe(202);
    await waitFor('the cleared notice', async () => (await collect()).includes('Receiving from the heartbeat alert again'), 20_000);
    expect(seen.filter((n) => n.summary.startsWith('Not receiving'))).toHaveLength(1);
    expect(seen.find((n) => n.summary.startsWith('Receiving'))?.body).toMatch(/^Not checked: \d\d:\d\d:\d\dZ → \d\d:\d\d:\d\dZ\.$/);
  }, 90_000);
});
