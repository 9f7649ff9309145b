// Issue 17: `serve --notify` with no session bus says so (log line, /health degraded) and falls back for a P0.
import { afterAll, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from '../support/cli-process.js';
import { created, incident } from './support/fixtures.js';
import { waitFor } from './support/recording.js';

let server: ServeProcess | undefined;

afterAll(async () => {
  await server?.stop();
});

/** No display, no session bus, no runtime dir where one could be found: what a server or an ssh session has. */
const NO_DESKTOP = { DBUS_SESSION_BUS_ADDRESS: '', DISPLAY: '', WAYLAND_DISPLAY: '', XDG_RUNTIME_DIR: '', NODE_ENV: 'test' };

describe('serve --notify without a session bus', () => {
  it('reports degraded in the banner, on stderr and in /health, and rings the terminal for a P0', async () => {
    server = await startServe(['--notify'], { env: NO_DESKTOP });
    const s = server;
    await waitFor('the whole banner', () => /console:/.test(s.stdout()));
    expect(s.stdout()).toMatch(/notifications: DEGRADED \(no session D-Bus \(DBUS_SESSION_BUS_ADDRESS is not set\); fix: .*dbus-run-session/);
    expect(s.stdout()).not.toMatch(/notifications: on/);
    expect(s.stderr()).toMatch(/^notifications: DEGRADED: no session D-Bus .*Until fixed, P0\/P1 ring the terminal bell/m);

    const health = (await (await fetch(`${s.url}/health`)).json()) as { notifications?: { state: string; detail: string } };
    expect(health.notifications).toMatchObject({ state: 'degraded', detail: expect.stringMatching(/no session D-Bus/) });

    const res = await fetch(`${s.url}/v1/events`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
      body: JSON.stringify(created(incident({ severity: 'P0', title: 'PRIMARY DB DOWN', affected_resources: ['db-primary'] }))),
    });
    expect(res.status).toBe(202);
    await waitFor('the fallback line', () => s.stderr().includes('\u0007NOTIFICATION (desktop channel down) P0 · db-primary: PRIMARY DB DOWN'));
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/^incident_relay_notifications_failed_total 1$/m);
    const after = (await (await fetch(`${s.url}/health`)).json()) as { notifications?: { state: string; detail: string } };
    expect(after.notifications).toMatchObject({ state: 'degraded', detail: expect.stringMatching(/^the last delivery failed: notify-send failed/) });
  });

  it('reports notifications off in /health without --notify', async () => {
    const plain = await startServe([]);
    try {
      const health = (await (await fetch(`${plain.url}/health`)).json()) as { notifications?: { state: string } };
      expect(health.notifications).toMatchObject({ state: 'off' });
    } finally {
      await plain.stop();
    }
  });
});
