// Browser safety: bad Origins and Hosts are refused (403) on the upgrade and on HTTP routes, and leak no event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, incident } from '../support/fixtures.js';
import { startServer, TEST_TOKEN, type Harness } from '../support/server-harness.js';
import { TestClient } from '../support/ws-client.js';
import { eavesdrop } from './support/eavesdrop.js';
import { probe, rawStatus, upgradeProbe, type ProbeResult } from './support/http-probe.js';

let h: Harness;
let port: number;
let watcher: TestClient;

beforeAll(async () => {
  h = await startServer({ allowed_hosts: ['relay.internal'], allowed_origins: ['https://oncall.example.com'] });
  port = Number(new URL(h.url).port);
  watcher = await TestClient.connect(h.wsUrl);
  await watcher.subscribe('all');
});
afterAll(async () => {
  watcher?.close();
  await h?.stop();
});

/** `PORT` stands for the server's real port. */
const BAD_ORIGINS = [
  'https://evil.example', 'http://evil.example:PORT', 'null', 'http://192.168.1.20:8080', 'http://10.0.0.1:PORT',
  'http://localhost.evil.com', 'http://localhost.evil.com:PORT', 'http://127.0.0.1.evil.com', 'https://oncall.example.com.evil.com',
  'file://', 'file:///home/user/page.html', 'chrome-extension://abcdefghijklmnop', 'http://0.0.0.0:8080', 'http://localhost:PORT.evil.com',
];
const BAD_HOSTS = [
  'evil.example', 'evil.example:PORT', 'localhost.evil.com', 'localhost.evil.com:PORT', '*.localhost.evil', 'a.localhost.evil:PORT',
  '127.0.0.1.evil.com', 'relay.internal.evil.com', '0.0.0.0:PORT', 'localhost@evil.com', 'localhost:PORT@evil.com',
];
const withPort = (s: string) => s.replace('PORT', String(port));

const noPermissiveCors = (r: ProbeResult) => expect(r.headers['access-control-allow-origin']).toBeUndefined();

/** Every refused request must leave the stream unreachable: publish a marker and see only the watcher get it. */
async function expectNoLeak(headers: Record<string, string>): Promise<void> {
  const spy = await eavesdrop(h.wsUrl, { headers });
  try {
    expect(spy.opened).toBe(false);
    expect(spy.status).toBe(403);
    const from = watcher.frames.length;
    const title = `marker ${Math.random()}`;
    expect((await h.publish(created(incident({ title })))).status).toBe(202);
    await watcher.next((f) => f.type === 'event' && (f.event as { incident: { title: string } }).incident.title === title, from);
    expect(spy.events).toEqual([]);
  } finally {
    spy.close();
  }
}

describe('allowed requests (controls)', () => {
  it('accepts no Origin, the server\'s own origin under every loopback name, and the configured origin', async () => {
    for (const origin of [undefined, `http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`, 'https://oncall.example.com']) {
      const headers: Record<string, string> = origin ? { Origin: origin } : {};
      expect((await upgradeProbe({ port, headers })).status, String(origin)).toBe(101);
      expect((await probe({ port, path: '/metrics', headers })).status, String(origin)).toBe(200);
    }
  });

  it('accepts loopback Host names and addresses on any port and the configured host', async () => {
    for (const host of [`localhost:${port}`, '127.0.0.1', `[::1]:${port}`, `127.0.0.2:${port}`, `relay.internal:${port}`]) {
      expect((await upgradeProbe({ port, headers: { Host: host } })).status, host).toBe(101);
      expect((await probe({ port, path: '/health', headers: { Host: host } })).status, host).toBe(200);
    }
  });
});

describe('pages of other local programs (PROTOCOL 1.1 section 7)', () => {
  it.each(['http://127.0.0.1:5173', 'http://localhost:3000', 'http://[::1]:8080', 'http://127.0.0.2:PORT0'])(
    'a page on another loopback port (%s) is refused on the upgrade and on HTTP routes, and leaks nothing',
    async (template) => {
      const origin = template.replace('PORT0', String(port + 1));
      expect((await upgradeProbe({ port, headers: { Origin: origin } })).status).toBe(403);
      expect((await probe({ port, path: '/metrics', headers: { Origin: origin } })).status).toBe(403);
      await expectNoLeak({ Origin: origin });
    },
  );
});

describe('bad Origins', () => {
  it.each(BAD_ORIGINS)('Origin %s is refused on the upgrade, on every HTTP route, and leaks nothing', async (template) => {
    const origin = withPort(template);
    const up = await upgradeProbe({ port, headers: { Origin: origin } });
    expect(up.status, origin).toBe(403);
    for (const path of ['/health', '/metrics', '/v1/incidents']) {
      const r = await probe({ port, path, headers: { Origin: origin } });
      expect(r.status, `${origin} ${path}`).toBe(403);
      noPermissiveCors(r);
    }
    const before = h.server.eventStats().total_events;
    const post = await probe({
      port, path: '/v1/events', method: 'POST', body: JSON.stringify(created(incident())),
      headers: { Origin: origin, Authorization: `Bearer ${TEST_TOKEN}`, 'Content-Type': 'application/json' },
    });
    expect(post.status, origin).toBe(403);
    expect(h.server.eventStats().total_events).toBe(before);
    await expectNoLeak({ Origin: origin });
  });

  it('answers a CORS preflight from a foreign origin without allowing it', async () => {
    const r = await probe({
      port, path: '/v1/events', method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(r.status).toBe(403);
    noPermissiveCors(r);
  });
});

describe('bad Hosts (DNS rebinding)', () => {
  it.each(BAD_HOSTS)('Host %s is refused on the upgrade, on every HTTP route, and leaks nothing', async (template) => {
    const host = withPort(template);
    expect((await upgradeProbe({ port, headers: { Host: host } })).status, host).toBe(403);
    for (const path of ['/health', '/metrics']) expect((await probe({ port, path, headers: { Host: host } })).status, `${host} ${path}`).toBe(403);
    const before = h.server.eventStats().total_events;
    const post = await probe({
      port, path: '/v1/events', method: 'POST', body: JSON.stringify(created(incident())),
      headers: { Host: host, Authorization: `Bearer ${TEST_TOKEN}`, 'Content-Type': 'application/json' },
    });
    expect(post.status, host).toBe(403);
    expect(h.server.eventStats().total_events).toBe(before);
    await expectNoLeak({ Host: host });
  });

  it('refuses an empty or missing Host header', async () => {
    const upgrade = 'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';
    expect([400, 403]).toContain(await rawStatus(port, `GET /ws HTTP/1.1\r\nHost: \r\n${upgrade}\r\n`));
    expect([400, 403]).toContain(await rawStatus(port, `GET /ws HTTP/1.1\r\n${upgrade}\r\n`));
    expect([400, 403]).toContain(await rawStatus(port, 'GET /metrics HTTP/1.0\r\n\r\n'));
  });
});
