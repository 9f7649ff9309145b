// `incident-relay serve` (the built CLI) prints a console URL whose one-time code signs a page in, once.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_SECRET_HEADER } from '../../src-shared/bridge/index.js';
import { ensureBuilt } from '../e2e/support/build.js';
import { startServe, type ServeProcess } from '../e2e/support/serve-process.js';
import { CLI } from '../support/cli-process.js';

beforeAll(() => {
  ensureBuilt();
}, 300_000);

let serve: ServeProcess | undefined;
let dir = '';
afterEach(async () => {
  await serve?.stop('SIGKILL');
  serve = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const login = (s: ServeProcess, code: string) => fetch(`${s.url}/control/login`, {
  method: 'POST', headers: { 'content-type': 'application/json', origin: s.url }, body: JSON.stringify({ code }),
});

describe('serve', () => {
  it('prints a console URL whose code signs in once and gives a cookie the console accepts', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ir-serve-console-'));
    serve = await startServe(dir);
    expect(serve.output()).toMatch(/^ {2}console: +http:\/\/127\.0\.0\.1:\d+\/\?code=[\w-]{43}$/m);
    const code = new URL(serve.consoleUrl).searchParams.get('code')!;
    const first = await login(serve, code);
    expect(first.status).toBe(200);
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const { secret } = await first.json() as { secret: string };
    expect((await login(serve, code)).status).toBe(401);
    const status = await fetch(`${serve.url}/control/server:status`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: serve.url, cookie, [SESSION_SECRET_HEADER]: secret }, body: '{}',
    });
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ address: serve.url });
    const page = await fetch(`${serve.url}/`);
    expect([200, 503]).toContain(page.status);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('prints a new console URL for a running server with `console-url` (admin token from the data dir)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ir-serve-console-'));
    serve = await startServe(dir);
    const r = spawnSync(process.execPath, [CLI, 'console-url', '--url', serve.url, '--data-dir', dir], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const url = r.stdout.trim();
    expect(url).toMatch(new RegExp(`^${serve.url}/\\?code=[\\w-]{43}$`));
    expect((await login(serve, new URL(url).searchParams.get('code')!)).status).toBe(200);
    const refused = spawnSync(process.execPath, [CLI, 'console-url', '--url', serve.url, '--token', 'wrong-token-wrong-token'], { encoding: 'utf8' });
    expect(refused.status).toBe(1);
  });
});
