// The web transport on a real server: login code → cookie, /control calls, Origin/Host checks, static UI, push stream.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { created, incident } from '../support/fixtures.js';
import { waitFor } from '../relay/relay-harness.js';
import { CONSOLE_CSP } from '../../src-main/control/index.js';
import { SESSION_SECRET_HEADER } from '../../src-shared/bridge/index.js';
import { controlHarnessPerTest, openStream, TEST_TOKEN, type ControlHarness } from './support/control-harness.js';
import { tempDir } from './support/temp-dir.js';

const { cleanups, harness } = controlHarnessPerTest();

const login = (h: ControlHarness, code: string, origin: string = h.h.url) => fetch(`${h.h.url}/control/login`, {
  method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ code }),
});
const codeOf = (url: string) => new URL(url).searchParams.get('code')!;

/** A raw GET with full control of the path and headers (fetch would normalize both). */
function rawGet(url: string, path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const u = new URL(url);
    const req = request({ host: u.hostname, port: u.port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (d) => { body += String(d); });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('login', () => {
  it('exchanges the console URL code once for an HttpOnly, SameSite=Strict session cookie', async () => {
    const h = await harness();
    const url = h.webConsole.loginUrl();
    expect(url).toMatch(new RegExp(`^${h.h.url}/\\?code=[A-Za-z0-9_-]{43}$`));
    const res = await login(h, codeOf(url));
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^ir_session=[A-Za-z0-9_-]{43}; /);
    expect(cookie.split('; ')).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));
    const again = await login(h, codeOf(url));
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await login(h, 'made-up-code')).status).toBe(401);
  });

  it('refuses a code older than ten minutes and a login posted from another origin', async () => {
    let now = Date.now();
    const h = await harness({ now: () => now });
    const stale = codeOf(h.webConsole.loginUrl());
    now += 10 * 60_000 + 1;
    expect((await login(h, stale)).status).toBe(401);
    const fresh = codeOf(h.webConsole.loginUrl());
    expect((await login(h, fresh, 'http://127.0.0.1:9')).status).toBe(403);
  });
});

describe('calls', () => {
  it('need the session cookie and the page\'s secret, sent from this server\'s own page', async () => {
    const h = await harness();
    expect((await h.call('server:status')).status).toBe(401);
    const cookie = await h.login();
    const secret = { [SESSION_SECRET_HEADER]: h.secret() };
    expect((await h.call('server:status')).status).toBe(200);
    expect((await h.call('server:status', {}, { origin: 'http://127.0.0.1:9' })).status).toBe(403);
    expect((await h.call('server:status', {}, { origin: 'http://localhost:3000' })).status).toBe(403);
    const noOrigin = await fetch(`${h.h.url}/control/server:status`, { method: 'POST', headers: { cookie, ...secret } });
    expect(noOrigin.status).toBe(403);
    expect((await h.call('server:status', {}, { cookie: 'ir_session=forged' })).status).toBe(401);
  });

  it('accept the publish token as a bearer credential for tools, and refuse tokens without admin', async () => {
    const h = await harness({ config: { api_tokens: [{ token: 'subscribe-only-token-0123456789', scopes: ['subscribe'] }] } });
    const bearer = (token: string) => fetch(`${h.h.url}/control/token:reveal`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    const ok = await bearer(TEST_TOKEN);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ token: TEST_TOKEN });
    expect((await bearer('subscribe-only-token-0123456789')).status).toBe(403);
    expect((await bearer('wrong-token-wrong-token-wrong')).status).toBe(401);
  });

  it('map refusals to the contract\'s statuses and error bodies', async () => {
    const h = await harness();
    await h.login();
    expect(await h.call('nope:nothing')).toMatchObject({ status: 404, json: { error: { code: 'not_found' } } });
    expect(await h.call('incidents:get', { id: 'not-a-uuid' })).toMatchObject({ status: 400, json: { error: { code: 'invalid_message', message: 'id: must be a UUID' } } });
    expect(await h.call('incidents:get', { id: incident().id })).toMatchObject({ status: 404, json: { error: { code: 'not_found' } } });
    expect(await h.call('subscriptions:create', { name: 'x', filters: {}, notify: false })).toMatchObject({ status: 200 });
    const badJson = await fetch(`${h.h.url}/control/server:status`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...h.sessionHeaders() }, body: '{',
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { code: 'invalid_json' } });
    expect((await h.call('server:status', {}, { 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('are refused for a Host that is not this machine (DNS rebinding)', async () => {
    const h = await harness();
    const cookie = await h.login();
    const res = await rawGet(h.h.url, '/control/server:status', { host: 'evil.example', origin: 'http://evil.example', cookie }, 'POST');
    expect(res.status).toBe(403);
  });
});

describe('the built UI at /', () => {
  it('is served with the strict CSP, the right content types and no caching of the page', async () => {
    const h = await harness();
    const page = await rawGet(h.h.url, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toBe("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<title>Incident Relay</title>');
    expect((await rawGet(h.h.url, '/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await rawGet(h.h.url, '/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await rawGet(h.h.url, '/assets/app.js.map')).headers['content-type']).toBe('application/json; charset=utf-8');
    const head = await rawGet(h.h.url, '/assets/app.js', {}, 'HEAD');
    expect(head).toMatchObject({ status: 200, body: '' });
  });

  it('never serves a file outside the build or a hidden one', async () => {
    const h = await harness();
    for (const path of ['/assets/../../secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/assets/.hidden',
      '/assets/%2e%2e%5c..%5csecret.txt', '/assets/app.js%00.css', '/assets/%E0%A4%A', '/assets/', '/secret.txt']) {
      const res = await rawGet(h.h.url, path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.body).not.toContain('outside the renderer');
    }
  });

  it('says how to build it when dist-renderer is missing', async () => {
    const h = await harness({ rendererDir: tempDir(cleanups) });
    const res = await rawGet(h.h.url, '/');
    expect(res.status).toBe(503);
    expect(res.body).toContain('vite build');
  });
});

describe('the push stream', () => {
  it('is refused without a session, from another origin, and without Origin for a cookie', async () => {
    const h = await harness();
    await expect(openStream(h.h.url, { origin: h.h.url })).rejects.toThrow('refused with 401');
    const cookie = await h.login();
    await expect(openStream(h.h.url, { origin: 'http://127.0.0.1:9', cookie }, h.secret())).rejects.toThrow('refused with 403');
    await expect(openStream(h.h.url, { cookie }, h.secret())).rejects.toThrow('refused with 403');
    await expect(openStream(h.h.url, { origin: h.h.url, cookie, host: 'evil.example' }, h.secret())).rejects.toThrow('refused with 403');
    await expect(openStream(h.h.url, { origin: h.h.url, cookie })).rejects.toThrow('refused with 401');
    await expect(openStream(h.h.url, { origin: h.h.url, cookie }, 'not-the-secret')).rejects.toThrow('refused with 401');
    await expect(openStream(h.h.url, { authorization: 'Bearer wrong' })).rejects.toThrow('refused with 401');
  });

  it('pushes {event, payload} frames to a signed-in page and closes with 1001 when the console stops', async () => {
    const h = await harness();
    const cookie = await h.login();
    const stream = await openStream(h.h.url, { origin: h.h.url, cookie }, h.secret());
    cleanups.push(() => stream.close());
    const tool = await openStream(h.h.url, { authorization: `Bearer ${TEST_TOKEN}` });
    cleanups.push(() => tool.close());
    const i = incident({ severity: 'P0' });
    await h.h.publish({ events: [created(i)] });
    await waitFor(() => stream.frames.some((f) => f.event === 'push:incidents'), 'an incidents push');
    expect(stream.frames.find((f) => f.event === 'push:events')).toMatchObject({ payload: { events: [{ event: { incident: { id: i.id } } }] } });
    await waitFor(() => tool.frames.some((f) => f.event === 'push:events'), 'the tool\'s push');
    await h.webConsole.close();
    expect(await stream.closed).toBe(1001);
  });

  it('refuses (503) a stream that connects while the console is closing, so none is left open to hold the server\'s stop', async () => {
    const h = await harness();
    const cookie = await h.login();
    const first = await openStream(h.h.url, { origin: h.h.url, cookie }, h.secret());
    first.ws.pause(); // its close handshake waits, so close() is still in progress when the page reconnects
    const closing = h.webConsole.close();
    await expect(openStream(h.h.url, { origin: h.h.url, cookie }, h.secret())).rejects.toThrow('refused with 503');
    first.ws.resume();
    await closing;
    expect(h.webConsole.streamCount()).toBe(0);
  });

  it('keeps the session across a restart on the same data dir', async () => {
    const dir = tempDir(cleanups);
    const first = await harness({ dataDir: dir });
    const cookie = await first.login();
    const secret = first.secret();
    await first.stop();
    cleanups.pop();
    const second = await harness({ dataDir: dir });
    expect((await second.call('server:status', {}, { cookie, [SESSION_SECRET_HEADER]: secret })).status).toBe(200);
    const stream = await openStream(second.h.url, { origin: second.h.url, cookie }, secret);
    stream.close();
  });
});
