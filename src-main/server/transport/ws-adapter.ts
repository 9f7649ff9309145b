// Adapts a `ws` server-side WebSocket to the SessionSocket port; the only file that knows ws internals.
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { PongCounter } from './pong-counter.js';
import type { SessionSocket, SessionSocketEvents } from './socket-port.js';

/** ws keeps the raw socket and negotiated extensions on private fields; read them in one place. */
interface WsInternals {
  _socket: Socket;
  _extensions: Record<string, { params?: Record<string, unknown> } | undefined>;
}

const DEFAULT_WINDOW_BITS = 15;

function negotiatedWindowBits(ws: WebSocket): number | null {
  const ext = (ws as unknown as WsInternals)._extensions['permessage-deflate'];
  if (!ext) return null;
  const bits = ext.params?.server_max_window_bits;
  return typeof bits === 'number' ? bits : DEFAULT_WINDOW_BITS;
}

/** Wraps `ws` so frames we build ourselves go straight to the TCP socket (ws never deflates for us). */
export function adaptWebSocket(ws: WebSocket, events: SessionSocketEvents): SessionSocket {
  const raw = (ws as unknown as WsInternals)._socket;
  const pongs = new PongCounter();
  ws.on('message', (data, isBinary) => {
    if (isBinary) events.onBinary();
    else events.onText(Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data));
  });
  ws.on('pong', () => {
    pongs.receivedPong();
    events.onPong();
  });
  ws.on('ping', () => events.onPong());
  ws.on('close', (code) => {
    pongs.closed();
    events.onClose(code);
  });
  ws.on('error', () => {
    // ws closes the connection itself after an error (e.g. 1009); the close event reports it.
  });
  raw.on('drain', () => events.onDrain());
  return {
    deflateWindowBits: negotiatedWindowBits(ws),
    get isOpen() {
      return ws.readyState === ws.OPEN && raw.writable;
    },
    writeFrame(frame) {
      if (ws.readyState !== ws.OPEN || !raw.writable) return false;
      raw.write(frame);
      return true;
    },
    bufferedBytes: () => raw.writableLength,
    cork: () => raw.cork(),
    uncork: () => raw.uncork(),
    ping: () => {
      if (ws.readyState !== ws.OPEN) return;
      ws.ping();
      pongs.sentPing();
    },
    get pingsSent() {
      return pongs.pingsSent;
    },
    whenPonged: (count, timeoutMs) => pongs.whenPonged(count, timeoutMs),
    close: (code, reason) => {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
    },
    pauseReading: () => raw.pause(),
    terminate: () => ws.terminate(),
  };
}
