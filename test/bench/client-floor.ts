// The `ws` client's own cost of a replay: the same event frames, framed by the server's code, written by a server that
// does nothing else (no journal, no pacing), so the client alone is measured with and without permessage-deflate.
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { encodeTextFrame } from '../../src-main/server/transport/frames.js';
import { incidentEvent, nowMs } from './bench-events.js';

/** Frames handed to the socket per write. */
const CHUNK_FRAMES = 1000;
const WINDOW_BITS = 15;

export interface FloorRun { seconds: number; wireBytes: number }

/** `count` event frames as the server frames them (~1.1 KiB each), deflated or not. */
function eventFrames(count: number, deflate: boolean): Buffer[] {
  const at = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => {
    const text = `{"type":"event","message_id":"floor-${i + 1}","timestamp":"${at}","event":${JSON.stringify(incidentEvent(i % 100, nowMs()))},"subscription_ids":["replay"]}`;
    return encodeTextFrame(Buffer.from(text), deflate ? WINDOW_BITS : null);
  });
}

/** A `ws` client receives `count` pre-framed events from a bare server; time from the first byte sent to the last message. */
export async function wsClientFloor(count: number, deflate: boolean): Promise<FloorRun> {
  const frames = eventFrames(count, deflate);
  const wireBytes = frames.reduce((n, f) => n + f.length, 0);
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: deflate ? { serverNoContextTakeover: true } : false });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  let startedAt = 0;
  wss.on('connection', (server) => {
    const raw = (server as unknown as { _socket: Socket })._socket;
    let next = 0;
    const writeMore = (): void => {
      while (next < frames.length) {
        const chunk = Buffer.concat(frames.slice(next, next + CHUNK_FRAMES));
        next += CHUNK_FRAMES;
        if (!raw.write(chunk)) return void raw.once('drain', writeMore);
      }
    };
    startedAt = nowMs();
    writeMore();
  });
  try {
    const seconds = await new Promise<number>((resolve, reject) => {
      const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { perMessageDeflate: deflate });
      let received = 0;
      client.on('message', () => {
        received += 1;
        if (received === count) {
          resolve((nowMs() - startedAt) / 1000);
          client.terminate();
        }
      });
      client.on('error', reject);
    });
    return { seconds, wireBytes };
  } finally {
    await new Promise<void>((r) => wss.close(() => r()));
  }
}
