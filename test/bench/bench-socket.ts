// Opens one load-client connection: the raw client for plain frames, `ws` when permessage-deflate is wanted.
import WebSocket from 'ws';
import { openRawSocket, type BenchSocket, type RawSocketEvents } from './raw-ws-client.js';

export type { BenchSocket, RawSocketEvents as BenchSocketEvents };

/** `ws` with the same event shape, for the compressed scenario (it inflates; the raw client does not). */
function openWsSocket(url: URL, events: RawSocketEvents): BenchSocket {
  const ws = new WebSocket(url, { perMessageDeflate: true, skipUTF8Validation: true, handshakeTimeout: 30_000 });
  ws.on('open', events.onOpen);
  ws.on('message', (data) => events.onMessage(data as Buffer));
  ws.on('close', (code) => events.onClose(code));
  ws.on('error', events.onError);
  return { send: (text) => ws.send(text), terminate: () => ws.terminate() };
}

/** Connects to `ws://…/ws`, offering permessage-deflate only when `compression` is set. */
export function openBenchSocket(url: URL, compression: boolean, events: RawSocketEvents): BenchSocket {
  return compression ? openWsSocket(url, events) : openRawSocket(url, events);
}
