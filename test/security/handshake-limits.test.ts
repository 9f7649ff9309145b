// Connection admission: silent and trickling sockets are closed by the handshake deadline, the pending cap sheds the
// oldest pending sockets, the connection rate limit turns extra sockets away at once, and fds return to their baseline.
import { readdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src-main/server/config/schema.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { TestClient } from '../support/ws-client.js';
import { upgradeProbe } from './support/http-probe.js';

const TIMEOUT_MS = 1500;
/** Scheduling slack on a shared 2-core machine, on top of the configured deadline. */
const SLACK_MS = 2000;

let h: Harness | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await h?.stop();
  h = undefined;
});

async function serve(config: ConfigInput): Promise<number> {
  h = await startServer({ handshake_timeout_ms: TIMEOUT_MS, ...config });
  return Number(new URL(h.url).port);
}

interface Tracked { socket: Socket; connectedAt: number; closedAt: number | undefined }

/** Opens a raw TCP connection that sends nothing; resolves once connected. */
function openSilent(port: number): Promise<Tracked> {
  return new Promise((resolve, reject) => {
    const t: Tracked = { socket: connect(port, '127.0.0.1'), connectedAt: 0, closedAt: undefined };
    sockets.push(t.socket);
    t.socket.on('connect', () => {
      t.connectedAt = performance.now();
      resolve(t);
    });
    t.socket.on('error', () => undefined);
    t.socket.on('close', () => {
      t.closedAt = performance.now();
      if (!t.connectedAt) reject(new Error('closed before connecting'));
    });
  });
}

async function waitAllClosed(ts: Tracked[], deadlineMs: number): Promise<void> {
  const until = performance.now() + deadlineMs;
  while (ts.some((t) => t.closedAt === undefined) && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
}

const fdCount = () => readdirSync('/proc/self/fd').length;

describe('handshake deadline', () => {
  it('closes 1,000 sockets that never send a byte within the configured timeout, and the fd count returns to baseline', async () => {
    const port = await serve({ max_pending_handshakes: 2000, max_connections_per_sec: 100_000 });
    const baseline = fdCount();
    const tracked: Tracked[] = [];
    for (let batch = 0; batch < 4; batch++) tracked.push(...(await Promise.all(Array.from({ length: 250 }, () => openSilent(port)))));
    expect(tracked).toHaveLength(1000);
    expect(fdCount()).toBeGreaterThanOrEqual(baseline + 1000);
    await waitAllClosed(tracked, TIMEOUT_MS + SLACK_MS);
    const open = tracked.filter((t) => t.closedAt === undefined).length;
    expect(open, 'sockets still open after the deadline').toBe(0);
    const heldFor = tracked.map((t) => t.closedAt! - t.connectedAt);
    expect(Math.min(...heldFor), 'closed before the deadline: refused instead of timed out').toBeGreaterThan(TIMEOUT_MS * 0.8);
    await expect.poll(fdCount, { timeout: 3000, interval: 50 }).toBeLessThanOrEqual(baseline);
  });

  it('closes a connection that trickles an unfinished request head', async () => {
    const port = await serve({});
    const t = await openSilent(port);
    t.socket.write('GET /ws HTTP/1.1\r\nHost: localhost\r\n');
    const trickle = setInterval(() => t.socket.writable && t.socket.write('X-Slow: y\r\n'), 100);
    try {
      await waitAllClosed([t], TIMEOUT_MS + SLACK_MS);
      expect(t.closedAt).toBeDefined();
    } finally {
      clearInterval(trickle);
    }
  });

  it('leaves completed WebSocket sessions alone after the deadline', async () => {
    const port = await serve({});
    const client = await TestClient.connect(h!.wsUrl);
    try {
      await new Promise((r) => setTimeout(r, TIMEOUT_MS + 300));
      expect((await client.request({ type: 'ping', timestamp: 'alive' }, 'pong')).timestamp).toBe('alive');
      expect((await upgradeProbe({ port })).status).toBe(101);
    } finally {
      client.close();
    }
  });
});

describe('admission limits', () => {
  it('at max_pending_handshakes sheds the oldest unfinished handshakes, never the new arrivals', async () => {
    const port = await serve({ max_pending_handshakes: 10, max_connections_per_sec: 100_000 });
    const held = await Promise.all(Array.from({ length: 10 }, () => openSilent(port)));
    await new Promise((r) => setTimeout(r, 50));
    const fresh = await Promise.all(Array.from({ length: 5 }, () => openSilent(port)));
    await waitAllClosed(held.slice(0, 5), TIMEOUT_MS / 2);
    expect(held.slice(0, 5).every((t) => t.closedAt !== undefined), 'the 5 oldest shed before the deadline').toBe(true);
    expect(held.slice(5).every((t) => t.closedAt === undefined), 'the 5 younger held sockets still open').toBe(true);
    expect(fresh.every((t) => t.closedAt === undefined), 'new arrivals still open').toBe(true);
    expect((await upgradeProbe({ port })).status).toBe(101);
  });

  it('turns connections beyond max_connections_per_sec away at once, and admits again a second later', async () => {
    const port = await serve({ max_connections_per_sec: 20 });
    const burst = await Promise.all(Array.from({ length: 60 }, () => openSilent(port)));
    await waitAllClosed(burst, TIMEOUT_MS / 2);
    const refused = burst.filter((t) => t.closedAt !== undefined).length;
    expect(refused).toBeGreaterThanOrEqual(30);
    expect(refused).toBeLessThan(60);
    for (const t of burst) t.socket.destroy();
    await new Promise((r) => setTimeout(r, 1100));
    expect((await upgradeProbe({ port })).status).toBe(101);
  });
});
