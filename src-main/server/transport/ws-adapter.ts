// Adapts a `ws` server-side WebSocket to the SessionSocket port, using only ws's public API and the upgrade's raw socket.
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { PongCounter } from './pong-counter.js';
import type { SessionSocket, SessionSocketEvents, WireFormat } from './socket-port.js';

/** What the upgrade handed over besides the WebSocket: the TCP socket under it and the extensions the server answered. */
export interface UpgradedLink {
  raw: Socket;
  /** The value of the `Sec-WebSocket-Extensions` response header ('' when none was negotiated). */
  extensionsHeader: string;
  /** The wire format the negotiated subprotocol selects (JSON unless MessagePack was agreed). */
  format?: WireFormat;
  /** False when replayed events go plain although deflate was negotiated (`replay_compression`); default true. */
  deflateReplay?: boolean;
}

const DEFAULT_WINDOW_BITS = 15;

/** The server's LZ77 window for permessage-deflate (RFC 7692 section 7.1.2.1), or null when compression is off. */
export function negotiatedWindowBits(extensionsHeader: string): number | null {
  const deflate = extensionsHeader.split(',').map((offer) => offer.split(';').map((p) => p.trim())).find(([name]) => name === 'permessage-deflate');
  if (!deflate) return null;
  const param = deflate.slice(1).find((p) => p.startsWith('server_max_window_bits'));
  const bits = Number(param?.split('=')[1]?.replace(/"/g, ''));
  return Number.isInteger(bits) && bits >= 8 && bits <= 15 ? bits : DEFAULT_WINDOW_BITS;
}

/** Wraps `ws` so frames we build ourselves go straight to the TCP socket (ws never deflates for us). */
export function adaptWebSocket(ws: WebSocket, link: UpgradedLink, events: SessionSocketEvents): SessionSocket {
  const { raw } = link;
  const pongs = new PongCounter();
  ws.on('message', (data, isBinary) => {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (isBinary) events.onBinary(bytes);
    else events.onText(bytes);
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
  ws.on('error', (err: Error & { code?: string }) => {
    // ws closes the connection itself after an error (e.g. 1009); the close event reports it.
    if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') events.onTooBig();
  });
  raw.on('drain', () => events.onDrain());
  const deflateWindowBits = negotiatedWindowBits(link.extensionsHeader);
  return {
    format: link.format ?? 'json',
    deflateWindowBits,
    replayWindowBits: link.deflateReplay === false ? null : deflateWindowBits,
    get isOpen() {
      return ws.readyState === ws.OPEN && raw.writable;
    },
    writeFrame(frame) {
      if (ws.readyState !== ws.OPEN || !raw.writable) return false;
      raw.write(frame);
      return true;
    },
    bufferedBytes: () => raw.writableLength,
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
