// Console sessions (PROTOCOL 1.1 §7): a cookie alone authorises nothing; expiry, list, revoke, sign-out, re-auth.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SESSION_SECRET_HEADER } from '../../src-shared/bridge/index.js';
import { controlHarnessPerTest, openStream, TEST_TOKEN, type ControlHarness } from '../control/support/control-harness.js';

const { cleanups, harness } = controlHarnessPerTest();
const HOUR = 3_600_000;

const post = (h: ControlHarness, path: string, headers: Record<string, string>, body: unknown = {}) => fetch(`${h.h.url}${path}`, {
  method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body),
});

/** What a compromised tool on another local port does with the cookie the browser sends it: replay it with a forged Origin. */
async function cookieThief(relayUrl: string): Promise<{ url: string; replies: { path: string; status: number; body: string }[] }> {
  const replies: { path: string; status: number; body: string }[] = [];
  const thief: Server = createServer((req, res) => {
    void (async () => {
      const headers = { 'content-type': 'application/json', origin: relayUrl, cookie: req.headers.cookie ?? '' };
      for (const path of ['/control/token:reveal', '/control/server:status', '/control/session:list']) {
        const r = await fetch(`${relayUrl}${path}`, { method: 'POST', headers, body: '{}' });
        replies.push({ path, status: r.status, body: await r.text() });
      }
      const stream = await openStream(relayUrl, { origin: relayUrl, cookie: req.headers.cookie ?? '' }).then(() => 'opened', (e: Error) => e.message);
      replies.push({ path: '/control/stream', status: stream === 'refused with 401' ? 401 : 0, body: stream });
      res.end('thanks');
    })();
  });
  await new Promise<void>((resolve) => thief.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => thief.close(() => resolve())));
  return { url: `http://127.0.0.1:${(thief.address() as AddressInfo).port}`, replies };
}

describe('the session cookie alone', () => {
  it('replayed by another local server that received it (cookies ignore ports) gets nothing', async () => {
    const h = await harness();
    const cookie = await h.login();
    expect((await h.call('token:reveal')).status).toBe(200); // the signed-in page itself may
    const thief = await cookieThief(h.h.url);
    await fetch(thief.url, { headers: { cookie } }); // what the browser sends to 127.0.0.1:<other port>
    expect(thief.replies.map((r) => [r.path, r.status])).toEqual([
      ['/control/token:reveal', 401], ['/control/server:status', 401], ['/control/session:list', 401], ['/control/stream', 401],
    ]);
    for (const r of thief.replies) expect(r.body).not.toContain(TEST_TOKEN);
  });

  it('sent by curl with a forged Origin gets 401 and no token', async () => {
    const h = await harness();
    const cookie = await h.login();
    const { stdout } = await promisify(execFile)('curl', [
      '-s', '-w', '\n%{http_code}', '-X', 'POST', '-H', `Origin: ${h.h.url}`, '-H', `Cookie: ${cookie}`,
      '-H', 'Content-Type: application/json', '-d', '{}', `${h.h.url}/control/token:reveal`,
    ]);
    expect(stdout.split('\n').at(-1)).toBe('401');
    expect(stdout).not.toContain(TEST_TOKEN);
  });
});

describe('session lifetime', () => {
  it('ends after 12 h without use, and 7 days after login however it is used', async () => {
    let now = Date.now();
    const h = await harness({ now: () => now });
    await h.login();
    now += 12 * HOUR - 60_000;
    expect((await h.call('server:status')).status).toBe(200);
    now += 12 * HOUR + 1;
    expect((await h.call('server:status')).status).toBe(401);
    await h.login();
    for (let used = 0; used < 15; used++) {
      now += 11 * HOUR;
      expect((await h.call('server:status')).status, `after ${used + 1} × 11 h`).toBe(200);
    }
    now += 11 * HOUR; // 176 h > 7 days
    expect((await h.call('server:status')).status).toBe(401);
  });

  it('token:reveal and token:rotate need a sign-in at most 5 minutes old, or a fresh login code', async () => {
    let now = Date.now();
    const h = await harness({ now: () => now });
    await h.login();
    expect(await h.call('token:reveal')).toMatchObject({ status: 200, json: { token: TEST_TOKEN } });
    now += 5 * 60_000 + 1;
    expect((await h.call('server:status')).status).toBe(200);
    for (const channel of ['token:reveal', 'token:rotate']) {
      const stale = await h.call(channel);
      expect(stale).toMatchObject({ status: 403, json: { error: { code: 'forbidden', message: expect.stringContaining('fresh sign-in') } } });
      expect(JSON.stringify(stale.json)).not.toContain(TEST_TOKEN);
    }
    expect((await h.call('session:reauth', { code: 'made-up' })).status).toBe(401);
    const code = new URL(h.webConsole.loginUrl()).searchParams.get('code')!;
    expect((await h.call('session:reauth', { code })).status).toBe(200);
    expect(await h.call('token:reveal')).toMatchObject({ status: 200, json: { token: TEST_TOKEN } });
  });
});

describe('session list, revoke and sign-out', () => {
  it('lists sessions by handle, revokes another one (its stream closes) and signs out', async () => {
    const h = await harness();
    const otherCookie = await h.login();
    const other = { ...h.sessionHeaders() };
    const otherStream = await openStream(h.h.url, { origin: h.h.url, cookie: otherCookie }, h.secret());
    cleanups.push(() => otherStream.close());
    await h.login();
    const listed = await h.call('session:list');
    expect(listed.status).toBe(200);
    const sessions = (listed.json as { sessions: { handle: string; current: boolean }[] }).sessions;
    expect(sessions.map((s) => s.current)).toEqual([false, true]);
    expect(JSON.stringify(listed.json)).not.toContain(otherCookie.split('=')[1]);
    expect((await h.call('session:revoke', { handle: 'nope' })).status).toBe(404);
    expect((await h.call('session:revoke', { handle: sessions[0]!.handle })).status).toBe(200);
    expect(await otherStream.closed).toBe(4401);
    expect((await post(h, '/control/server:status', other)).status).toBe(401);
    expect((await h.call('server:status')).status).toBe(200);
    const out = await h.call('session:sign-out');
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await h.call('server:status')).status).toBe(401);
  });

  it('gives tools holding an admin token a new console URL, and console pages none', async () => {
    const h = await harness();
    const r = await post(h, '/control/session:login-url', { authorization: `Bearer ${TEST_TOKEN}` });
    expect(r.status).toBe(200);
    expect((await r.json() as { url: string }).url).toMatch(new RegExp(`^${h.h.url}/\\?code=[\\w-]{43}$`));
    await h.login();
    expect((await h.call('session:login-url')).status).toBe(403);
    expect((await post(h, '/control/session:login-url', { [SESSION_SECRET_HEADER]: h.secret() })).status).toBe(401);
  });
});
