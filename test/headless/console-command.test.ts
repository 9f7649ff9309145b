// `incident-relay console` (issue 20: the one-time code was the only way in): a fresh sign-in URL for a running server, any time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, startServe, type ServeProcess } from '../support/cli-process.js';

const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, ...env } });

const login = (url: string, code: string) => fetch(`${url}/control/login`, {
  method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ code }),
});

describe('incident-relay console', () => {
  let s: ServeProcess;
  beforeAll(async () => { s = await startServe(); });
  afterAll(async () => { await s.stop(); });

  it('prints a fresh one-time sign-in URL each time, found through --data-dir, for a second browser as well', async () => {
    const urls = [1, 2].map(() => {
      const r = run(['console', '--url', `ws://127.0.0.1:${s.port}/ws`, '--data-dir', s.dataDir]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^${s.url}/\\?code=[\\w-]{43}\\n$`));
      return new URL(r.stdout.trim());
    });
    const [first, second] = urls.map((u) => u.searchParams.get('code')!);
    expect(first).not.toBe(second);
    expect((await login(s.url, first!)).status).toBe(200);
    expect((await login(s.url, second!)).status).toBe(200);
    expect((await login(s.url, first!)).status).not.toBe(200);
  });

  it('keeps console-url as an alias', () => {
    const r = run(['console-url', '--url', s.url, '--token', s.token]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\?code=[\w-]{43}\n$/);
  });

  it('says where the token comes from when it has none (exit 2), and names the address it cannot reach (exit 1)', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ir-console-'));
    try {
      const r = run(['console', '--url', s.url, '--data-dir', empty], { INCIDENT_RELAY_PUBLISH_TOKEN: '' });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('incident-relay console: no token: pass --token, set INCIDENT_RELAY_PUBLISH_TOKEN, or pass --data-dir');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const refused = run(['console', '--url', `127.0.0.1:${port}`, '--token', 't']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`cannot connect to http://127.0.0.1:${port}: connection refused`);
    const wrongToken = run(['console', '--url', s.url, '--token', 'wrong-token-wrong-token']);
    expect(wrongToken.status).toBe(1);
    expect(wrongToken.stderr).toMatch(new RegExp(`incident-relay console: ${s.url} refused a sign-in URL: HTTP 40[13]`));
  });
});
