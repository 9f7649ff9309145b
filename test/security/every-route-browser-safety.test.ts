// Browser safety on the whole surface of the real `serve` program (relay, ingest, incidents, web console, control
// stream, unknown paths, preflights): a bad Origin or Host gets 403 on every route and upgrade, even with a valid
// token, and no response ever carries Access-Control-Allow-Origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, upgradeProbe, type ProbeResult } from './support/http-probe.js';
import { startCliServer, type CliServer } from './support/serve-cli.js';

const ID = '6f1c2d3e-4b5a-4c6d-8e7f-901234567890';
const ROUTES: { method: string; path: string; body?: string }[] = [
  { method: 'GET', path: '/health' }, { method: 'HEAD', path: '/health' }, { method: 'GET', path: '/health/live' },
  { method: 'GET', path: '/health/ready' }, { method: 'GET', path: '/metrics' },
  { method: 'POST', path: '/v1/events', body: '{}' }, { method: 'POST', path: '/v1/alerts', body: '{}' },
  { method: 'POST', path: '/v1/integrations/alertmanager', body: '{}' },
  { method: 'GET', path: '/v1/incidents' }, { method: 'GET', path: `/v1/incidents/${ID}` },
  { method: 'PUT', path: `/v1/incidents/${ID}`, body: '{}' }, { method: 'POST', path: `/v1/incidents/${ID}/resolve`, body: '{}' },
  { method: 'GET', path: '/' }, { method: 'GET', path: '/index.html' }, { method: 'GET', path: '/assets/app.js' },
  { method: 'POST', path: '/control/login', body: '{}' }, { method: 'POST', path: '/control/incidents', body: '{}' },
  { method: 'GET', path: '/nowhere' }, { method: 'DELETE', path: '/v1/events' }, { method: 'OPTIONS', path: '/v1/events' },
];
const UPGRADES = ['/ws', '/control/stream'];
/** `PORT` stands for the server's port. */
const BAD_ORIGINS = ['https://evil.example', 'null', 'http://localhost.evil.com:PORT', 'http://127.0.0.1.evil.com', 'file://'];
const BAD_HOSTS = ['evil.example', 'localhost.evil.com:PORT', '*.localhost.evil', '127.0.0.1.nip.io:PORT'];

let s: CliServer;
const all: ProbeResult[] = [];
const withPort = (v: string) => v.replace('PORT', String(s.port));

beforeAll(async () => {
  s = await startCliServer([]);
});
afterAll(async () => {
  await s?.stop();
});

async function send(route: { method: string; path: string; body?: string }, headers: Record<string, string>): Promise<ProbeResult> {
  const r = await probe({
    port: s.port, method: route.method, path: route.path, body: route.body,
    headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json', 'Access-Control-Request-Method': 'POST', ...headers },
  });
  all.push(r);
  return r;
}

describe.each([
  ...BAD_ORIGINS.map((o) => ({ kind: 'Origin', value: o })),
  ...BAD_HOSTS.map((host) => ({ kind: 'Host', value: host })),
])('$kind $value', ({ kind, value }) => {
  it('is refused with 403 on every HTTP route and every upgrade path, with a valid token, without CORS headers', async () => {
    const headers = { [kind]: withPort(value) };
    for (const route of ROUTES) {
      const r = await send(route, headers);
      expect(r.status, `${route.method} ${route.path}`).toBe(403);
      expect(r.headers['access-control-allow-origin'], `${route.method} ${route.path}`).toBeUndefined();
      expect(r.headers['set-cookie'], `${route.method} ${route.path}`).toBeUndefined();
    }
    for (const path of UPGRADES) {
      const r = await upgradeProbe({ port: s.port, path, headers: { ...headers, Authorization: `Bearer ${s.token}` } });
      all.push(r);
      expect(r.status, `upgrade ${path}`).toBe(403);
    }
    // An upgrade to a path that is no endpoint is answered 404 before the browser-safety check (the dispatcher in
    // src-main/server/upgrade-dispatch.ts matches the path first). It opens nothing and names only "/ws"; kept
    // loose here until the dispatcher checks Host/Origin first (proposed in the security review).
    const unknown = await upgradeProbe({ port: s.port, path: '/nowhere', headers: { ...headers, Authorization: `Bearer ${s.token}` } });
    all.push(unknown);
    expect(unknown.status).toBe(403);
  });
});

describe('allowed requests (controls)', () => {
  it('the server\'s own origin and no Origin reach the routes, and still get no Access-Control-Allow-Origin', async () => {
    for (const origin of [undefined, `http://127.0.0.1:${s.port}`, `http://localhost:${s.port}`]) {
      const headers: Record<string, string> = origin ? { Origin: origin } : {};
      expect((await send({ method: 'GET', path: '/health' }, headers)).status).toBe(200);
      expect((await send({ method: 'GET', path: '/metrics' }, headers)).status).toBe(200);
      // /control/* is stricter by design: a cookie or bearer call must come from this server's own page or no page.
      const ownOrAbsent = origin === undefined || origin === `http://127.0.0.1:${s.port}`;
      for (const route of ROUTES.filter((r) => ownOrAbsent || !r.path.startsWith('/control/'))) {
        expect((await send(route, headers)).status, `${route.method} ${route.path} ${origin}`).not.toBe(403);
      }
      expect((await upgradeProbe({ port: s.port, headers })).status).toBe(101);
    }
    for (const r of all) expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(all.map((r) => r.body).join('\n')).not.toContain(s.token);
  });
});
