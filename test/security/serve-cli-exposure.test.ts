// The real `incident-relay serve` program: --help starts nothing, a public bind needs the token (or --insecure, which
// warns), and --tls-cert-file/--tls-key-file serve https:// and wss:// end to end.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { created, incident } from '../support/fixtures.js';
import { TestClient } from '../support/ws-client.js';
import { probe, upgradeProbe } from './support/http-probe.js';
import { runCli, startCliServer, type CliServer } from './support/serve-cli.js';
import { makeSelfSignedCert, type SelfSigned } from './support/tls-cert.js';

let dir: string;
let cert: SelfSigned;
let running: CliServer | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ir-sec-serve-'));
  cert = makeSelfSignedCert(dir);
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const warnLines = (s: CliServer) => s.stderr().split('\n').filter((l) => l.includes('"level":"warn"'));

describe('serve --help', () => {
  it.each([['--help'], ['-h']])('%s prints the flags and exits 0 without listening or creating a data dir or token', async (flag) => {
    const dataDir = join(dir, `never-created${flag}`);
    const home = join(dir, `xdg${flag}`);
    const r = await runCli(['serve', flag, '--data-dir', dataDir], { XDG_DATA_HOME: home });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/usage: incident-relay serve/);
    for (const f of ['--insecure', '--tls-cert-file', '--require-auth-for-read', '--allowed-origins', '--jwt-algorithm']) expect(r.stdout).toContain(f);
    expect(r.stdout).not.toMatch(/listening on/);
    expect(existsSync(dataDir)).toBe(false);
    expect(existsSync(home)).toBe(false);
  });
});

describe('serve on a non-loopback address', () => {
  it('without --insecure: starts protected by the publish token, warns that TLS is off, and /health stays open', async () => {
    running = await startCliServer(['--host', '0.0.0.0']);
    const { port, token } = running;
    expect(warnLines(running).some((l) => l.includes('without TLS'))).toBe(true);
    expect(warnLines(running).some((l) => l.includes('--insecure'))).toBe(false);
    expect((await upgradeProbe({ port })).status).toBe(401);
    expect((await upgradeProbe({ port, path: `/ws?token=${token}` })).status).toBe(401);
    expect((await upgradeProbe({ port, headers: { Authorization: `Bearer ${token}` } })).status).toBe(101);
    expect((await probe({ port, path: '/metrics' })).status).toBe(401);
    expect((await probe({ port, path: '/health' })).status).toBe(200);
    expect(running.stdout() + running.stderr()).not.toContain(token);
  });

  it('with --insecure: logs a warning at start naming --insecure, and reads need no token', async () => {
    running = await startCliServer(['--host', '0.0.0.0', '--insecure']);
    const warned = warnLines(running).filter((l) => l.includes('--insecure'));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain('0.0.0.0');
    expect((await upgradeProbe({ port: running.port })).status).toBe(101);
    expect((await probe({ port: running.port, path: '/metrics' })).status).toBe(200);
    // Publishing still needs the token; --insecure only opens reads.
    const post = await probe({ port: running.port, path: '/v1/events', method: 'POST', body: JSON.stringify(created(incident())), headers: { 'Content-Type': 'application/json' } });
    expect(post.status).toBe(401);
  });

  it('still refuses a Host that is not loopback or configured, even with --insecure (DNS rebinding)', async () => {
    running = await startCliServer(['--host', '0.0.0.0', '--insecure', '--allowed-hosts', 'relay.lan']);
    expect((await upgradeProbe({ port: running.port, headers: { Host: `evil.example:${running.port}` } })).status).toBe(403);
    expect((await upgradeProbe({ port: running.port, headers: { Host: `relay.lan:${running.port}` } })).status).toBe(101);
  });

  it('on loopback: no warning at all', async () => {
    running = await startCliServer([]);
    expect(warnLines(running)).toEqual([]);
  });
});

function httpsPost(url: string, token: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', ca: cert.certPem, agent: false, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('serve --tls-cert-file --tls-key-file', () => {
  it('prints an https URL, streams over wss:// and takes publishes over https://; plain ws:// gets nothing', async () => {
    running = await startCliServer(['--tls-cert-file', cert.certFile, '--tls-key-file', cert.keyFile]);
    expect(running.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(running.stdout()).toContain(`WebSocket:     wss://127.0.0.1:${running.port}/ws`);
    const client = await TestClient.connect(`wss://127.0.0.1:${running.port}/ws`, { ca: cert.certPem });
    try {
      await client.subscribe('all');
      expect(await httpsPost(`${running.url}/v1/events`, running.token, JSON.stringify(created(incident({ title: 'cli over tls' }))))).toBe(202);
      const ev = await client.next((f) => f.type === 'event');
      expect((ev.event as { incident: { title: string } }).incident.title).toBe('cli over tls');
    } finally {
      client.close();
    }
    await expect(TestClient.connect(`ws://127.0.0.1:${running.port}/ws`)).rejects.toThrow();
  });
});
