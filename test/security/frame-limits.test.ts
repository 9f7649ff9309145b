// Frame limits: a frame over max_payload_bytes closes with 1009, and so does a deflate bomb, without inflating it in memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type Harness } from '../support/server-harness.js';
import { TestClient } from '../support/ws-client.js';
import { clientFrame, deflatedZeros, openRawDeflateSession } from './support/raw-ws.js';

const MAX = 65536;
const MB = 1024 * 1024;
let h: Harness;
let port: number;

beforeAll(async () => {
  h = await startServer({ max_payload_bytes: MAX, enable_compression: true });
  port = Number(new URL(h.url).port);
});
afterAll(async () => h?.stop());

/** Samples this process's RSS (the server runs in it) every few ms until stopped; returns the peak growth. */
function watchRss(): () => number {
  const start = process.memoryUsage.rss();
  let peak = start;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 2);
  return () => {
    clearInterval(t);
    return Math.max(peak, process.memoryUsage.rss()) - start;
  };
}

describe('max_payload_bytes', () => {
  it('answers a frame of exactly the limit, and closes one byte over it with 1009', async () => {
    const client = await TestClient.connect(h.wsUrl, { perMessageDeflate: false });
    try {
      const head = '{"type":"ping","timestamp":"at-limit","pad":"';
      const atLimit = `${head}${'x'.repeat(MAX - head.length - 2)}"}`;
      expect(Buffer.byteLength(atLimit)).toBe(MAX);
      client.send(atLimit);
      expect((await client.next((f) => f.type === 'pong')).timestamp).toBe('at-limit');
      client.send('x'.repeat(MAX + 1));
      expect(await client.waitClose()).toBe(1009);
    } finally {
      client.close();
    }
  });

  it('closes a 1 MiB message of zeros sent compressed by a ws client with 1009, growing RSS by less than 50 MB', async () => {
    const client = await TestClient.connect(h.wsUrl, { perMessageDeflate: true });
    expect(client.ws.extensions).toContain('permessage-deflate');
    const growth = watchRss();
    try {
      client.send('\0'.repeat(MB));
      expect(await client.waitClose()).toBe(1009);
    } finally {
      client.close();
    }
    expect(growth()).toBeLessThan(50 * MB);
  });

  it.each([1, 32])('closes a precompressed bomb of %i MiB of zeros (one frame under the limit on the wire) with 1009, RSS < 50 MB', async (mib) => {
    const bomb = await deflatedZeros(mib);
    expect(bomb.length).toBeLessThan(MAX);
    const session = await openRawDeflateSession(port);
    const growth = watchRss();
    try {
      session.socket.write(clientFrame(bomb, { compressed: true }));
      expect(await session.closeCode).toBe(1009);
    } finally {
      session.socket.destroy();
    }
    expect(growth()).toBeLessThan(50 * MB);
  });

  it('keeps serving other sessions after the bombs', async () => {
    const client = await TestClient.connect(h.wsUrl);
    try {
      expect((await client.request({ type: 'ping', timestamp: 'after' }, 'pong')).timestamp).toBe('after');
    } finally {
      client.close();
    }
  });
});
