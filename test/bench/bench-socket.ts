// Opens one load-client connection: the raw client by default, `ws` where compressed frames must be inflated and timed.
import WebSocket from 'ws';
import { openRawSocket, type BenchSocket, type RawSocketEvents } from './raw-ws-client.js';

export type { BenchSocket, RawSocketEvents as BenchSocketEvents };

/**
 * `plain`: no extension offered. `deflate-count`: permessage-deflate offered, compressed frames handed over still
 * deflated (counted, not read: inflating each one would make the load client the bottleneck). `deflate-read`: `ws`
 * inflates every frame, so that its send stamp can be read.
 */
export type SocketMode = 'plain' | 'deflate-count' | 'deflate-read';

function openWsSocket(url: URL, events: RawSocketEvents): BenchSocket {
  const ws = new WebSocket(url, { perMessageDeflate: true, skipUTF8Validation: true, handshakeTimeout: 30_000 });
  ws.on('open', () => events.onOpen(ws.extensions.includes('permessage-deflate')));
  ws.on('message', (data) => events.onMessage(data as Buffer, false));
  ws.on('close', (code) => events.onClose(code));
  ws.on('error', events.onError);
  return { send: (text) => ws.send(text), sendBinary: (payload) => ws.send(payload), terminate: () => ws.terminate() };
}

/** Connects to `ws://…/ws` in the given mode. */
export function openBenchSocket(url: URL, mode: SocketMode, events: RawSocketEvents): BenchSocket {
  return mode === 'deflate-read' ? openWsSocket(url, events) : openRawSocket(url, events, mode === 'deflate-count');
}
