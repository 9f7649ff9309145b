// The CLI: serve prints its address and token path, exits 0 on SIGTERM after `closing`, and rejects bad config; publish and tail.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, startServe } from '../support/cli-process.js';
import { TestClient } from '../support/ws-client.js';
import { created, incident } from '../support/fixtures.js';

describe('incident-relay serve', () => {
  it('prints the URLs and the token path, keeps the token file user-only, and shuts down gracefully on SIGTERM', async () => {
    const s = await startServe();
    expect(s.stdout()).toMatch(/WebSocket: +ws:\/\/127\.0\.0\.1:\d+\/ws/);
    expect(s.stdout()).toContain(join(s.dataDir, 'publish-token'));
    expect(s.stdout()).not.toContain(s.token);
    expect(statSync(join(s.dataDir, 'publish-token')).mode & 0o777).toBe(0o600);
    const c = await TestClient.connect(`ws://127.0.0.1:${s.port}/ws`);
    const exit = s.stop('SIGTERM');
    expect((await c.next((f) => f.type === 'closing')).reason).toBe('shutdown');
    expect(await c.waitClose()).toBe(1001);
    expect(await exit).toBe(0);
  });

  it('stops with a message naming the key for a bad value', () => {
    const r = spawnSync(process.execPath, [CLI, 'serve', '--port', 'abc'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/port/);
    const e = spawnSync(process.execPath, [CLI, 'serve', '--port', '0'], { encoding: 'utf8', env: { ...process.env, INCIDENT_RELAY_MAX_PENDING_MESSAGES: '-1' } });
    expect(e.status).toBe(2);
    expect(e.stderr).toMatch(/max_pending_messages/);
    const dir = mkdtempSync(join(tmpdir(), 'ir-cfg-'));
    writeFileSync(join(dir, 'c.yaml'), 'heartbeat_interval_secs: "soon"\n');
    const f = spawnSync(process.execPath, [CLI, 'serve', '--config', join(dir, 'c.yaml')], { encoding: 'utf8' });
    expect(f.status).toBe(2);
    expect(f.stderr).toMatch(/heartbeat_interval_secs/);
  });

  it('publishes from a file with `publish` and prints events with `tail`', async () => {
    const s = await startServe();
    try {
      const tail = spawn(process.execPath, [CLI, 'tail', '--url', s.url, '--severities', 'P0,P1'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      tail.stdout.on('data', (d) => { out += String(d); });
      await new Promise((r) => setTimeout(r, 800));
      const file = join(s.dataDir, 'event.json');
      writeFileSync(file, JSON.stringify(created(incident({ severity: 'P3', title: 'quiet one' }))));
      const p3 = spawnSync(process.execPath, [CLI, 'publish', file, '--url', s.url, '--token', s.token], { encoding: 'utf8' });
      expect(p3.status).toBe(0);
      writeFileSync(file, JSON.stringify(created(incident({ severity: 'P0', title: 'database down' }))));
      const p0 = spawnSync(process.execPath, [CLI, 'publish', file, '--url', s.url, '--data-dir', s.dataDir], { encoding: 'utf8' });
      expect(p0.status, p0.stderr).toBe(0);
      expect(p0.stdout.trim()).toMatch(/-\d+$/);
      const deadline = Date.now() + 10_000;
      while (!out.includes('database down') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      tail.kill('SIGINT');
      expect(out).toMatch(/^\d\d:\d\d:\d\d P0 incident_created +database down \(api\) {2}Detected$/m);
      expect(out).not.toContain('quiet one');
    } finally {
      await s.stop();
    }
  });

  it('simulate publishes a stream a tail sees', async () => {
    const s = await startServe();
    try {
      const c = await TestClient.connect(`ws://127.0.0.1:${s.port}/ws`);
      await c.subscribe('all');
      const r = spawnSync(process.execPath, [CLI, 'simulate', '--url', s.url, '--token', s.token, '--rate', '200', '--count', '40', '--seed', '7'], { encoding: 'utf8', timeout: 20_000 });
      expect(r.status, r.stderr).toBe(0);
      await c.next(() => c.events().length >= 40, 0, 10_000);
      const types = new Set(c.events().map((e) => (e.event as { event_type: string }).event_type));
      expect(types.size).toBeGreaterThanOrEqual(4);
      c.close();
    } finally {
      await s.stop();
    }
  });
});
