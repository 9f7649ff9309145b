// Adapts an HTTP response carrying an SSE stream to the SessionSocket port: the same queues, batching and slow-consumer limits as /ws.
import type { ServerResponse } from 'node:http';
import type { SessionSocket, SessionSocketEvents } from '../transport/socket-port.js';
import { SSE_HEARTBEAT } from './sse-chunks.js';

/** A stream ended by the server that the reader does not finish reading within this long is dropped (as ws's close timeout). */
const CLOSE_GRACE_MS = 30_000;
/** Bytes still buffered below which a heartbeat written counts as the reader keeping up (its only sign of life). */
const ALIVE_BELOW_BYTES = 64 * 1024;

/**
 * The stream as a session socket. An SSE reader sends nothing back, so a heartbeat that finds the response's buffer
 * nearly empty stands for a pong; a reader that stops reading is closed by the slow-consumer limit or, failing that,
 * by the heartbeat's two silent intervals, as a WebSocket peer is.
 */
export function adaptSseResponse(res: ServerResponse, events: SessionSocketEvents): SessionSocket {
  let open = true;
  let pings = 0;
  let closeTimer: NodeJS.Timeout | undefined;
  res.on('drain', () => events.onDrain());
  res.on('close', () => {
    open = false;
    clearTimeout(closeTimer);
    events.onClose(1000);
  });
  const writable = () => open && !res.writableEnded && !res.destroyed;
  return {
    format: 'sse',
    deflateWindowBits: null,
    get isOpen() {
      return writable();
    },
    writeFrame(frame) {
      if (!writable()) return false;
      res.write(frame);
      return true;
    },
    bufferedBytes: () => res.writableLength,
    ping() {
      if (!writable()) return;
      pings += 1;
      const keepingUp = res.writableLength < ALIVE_BELOW_BYTES;
      res.write(SSE_HEARTBEAT);
      if (keepingUp) events.onPong();
    },
    get pingsSent() {
      return pings;
    },
    // No pongs exist on SSE: a replay is paced by the socket draining alone.
    whenPonged: () => Promise.resolve(false),
    close: () => {
      if (!writable()) return;
      res.end();
      closeTimer = setTimeout(() => res.destroy(), CLOSE_GRACE_MS);
      closeTimer.unref();
    },
    // Nothing is read from an SSE client after its request.
    pauseReading: () => undefined,
    terminate: () => {
      res.destroy();
    },
  };
}
