// Floods: one client sending as fast as it can (a separate process, reconnecting after each 1008) does not delay a
// canary's events by more than 50 ms at the 99th percentile.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { system } from '../support/fixtures.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { TestClient } from '../support/ws-client.js';

const EVENTS = 200;
const INTERVAL_MS = 10;
const P99_LIMIT_MS = 50;
const ATTEMPTS = 3;
const FLOODER = fileURLToPath(new URL('./support/flood-client.mjs', import.meta.url));

let h: Harness;
let flooder: ChildProcess | undefined;
let flooderOut = '';

beforeAll(async () => {
  h = await startServer({});
});
afterAll(async () => {
  if (flooder && flooder.exitCode === null && flooder.signalCode === null) {
    const exited = new Promise((r) => flooder!.once('exit', r));
    flooder.kill('SIGKILL');
    await exited;
  }
  await h?.stop();
});

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Publishes EVENTS events at a steady pace and returns each one's publish → canary arrival time (ms), sorted. */
async function canaryLatencies(canary: TestClient): Promise<number[]> {
  const publishedAt = new Map<string, number>();
  const latencies: number[] = [];
  const onMessage = (data: Buffer) => {
    const at = performance.now();
    const f = JSON.parse(String(data)) as { type: string; message_id?: string };
    if (f.type !== 'event') return;
    const t = publishedAt.get(f.message_id!);
    if (t !== undefined) latencies.push(at - t);
  };
  canary.ws.on('message', onMessage);
  try {
    for (let i = 0; i < EVENTS; i++) {
      const t = performance.now();
      const [entry] = await h.server.publish([system(`canary ${i}`)]);
      publishedAt.set(entry!.messageId, t);
      await new Promise((r) => setTimeout(r, INTERVAL_MS));
    }
    await expect.poll(() => latencies.length, { timeout: 10_000 }).toBe(EVENTS);
  } finally {
    canary.ws.off('message', onMessage);
  }
  return latencies.sort((a, b) => a - b);
}

const summary = (l: number[]) => `p50 ${percentile(l, 50).toFixed(1)} ms, p90 ${percentile(l, 90).toFixed(1)}, p99 ${percentile(l, 99).toFixed(1)}, max ${l[l.length - 1]!.toFixed(1)}`;

describe('a flooding client', () => {
  it(`does not delay a canary's events past ${P99_LIMIT_MS} ms p99`, { timeout: 90_000 }, async () => {
    const canary = await TestClient.connect(h.wsUrl);
    try {
      await canary.subscribe('all');
      const quiet = await canaryLatencies(canary);
      // nice: on a shared, oversubscribed CI box the kernel would otherwise decide the outcome; the flooder still
      // sends as fast as it can and takes every idle cycle, and the flood's size is checked below.
      flooder = spawn('nice', ['-n', '10', process.execPath, FLOODER, h.wsUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
      flooder.stdout!.setEncoding('utf8');
      flooder.stdout!.on('data', (d: string) => (flooderOut += d));
      await expect.poll(() => flooderOut.includes('open'), { timeout: 10_000 }).toBe(true);

      const rateLimitedCount = async () => (await h.server.metrics.rateLimited.get()).values[0]?.value ?? 0;
      const attempts: string[] = [];
      let best = Infinity;
      // Up to three measurements: a server that really lets the flood delay others fails all three.
      for (let attempt = 0; attempt < ATTEMPTS && best >= P99_LIMIT_MS; attempt++) {
        const before = await rateLimitedCount();
        const flooded = await canaryLatencies(canary);
        const refused = (await rateLimitedCount()) - before;
        attempts.push(`${summary(flooded)} (${refused} messages rate limited meanwhile)`);
        // Only a measurement taken while the flood was being refused counts (the server stops reading an abuser it
        // closed, so each connection of the flooder is refused about a hundred times before it is cut off).
        if (refused > 50) best = Math.min(best, percentile(flooded, 99));
      }
      const report = `quiet: ${summary(quiet)}; flooded: ${attempts.join(' | ')}; flooder: ${flooderOut.trim().split('\n').pop()}`;
      console.info(`flood latency — ${report}`);
      expect(canary.closeCode).toBeUndefined();
      expect(best, report).toBeLessThan(P99_LIMIT_MS);
    } finally {
      canary.close();
    }
  });
});
