// Load clients of the transport bench (issue 21): raw JSON and MessagePack WebSocket sessions and raw SSE streams, counting event frames.
import net from 'node:net';
import { decode, encode } from '@msgpack/msgpack';
import { openRawSocket } from './raw-ws-client.js';

export type TransportKind = 'json' | 'msgpack' | 'sse';

/** One connected client: event frames and their bytes counted as they arrive. */
export interface TransportClient {
  kind: TransportKind;
  events: number;
  eventBytes: number;
  close(): void;
}

const SUBSCRIBE = { type: 'subscribe', subscription_id: 's', filters: {} };
const SSE_EVENT = Buffer.from('\nevent: event\n');
const SSE_SUBSCRIBED = Buffer.from('event: subscribed\n');

/** A WebSocket session (JSON text or MessagePack binary) subscribed to everything; resolves once `subscribed` arrived. */
function openWsClient(base: URL, kind: 'json' | 'msgpack'): Promise<TransportClient> {
  return new Promise((resolve, reject) => {
    const client: TransportClient = { kind, events: 0, eventBytes: 0, close: () => socket.terminate() };
    let subscribed = false;
    const socket = openRawSocket(new URL('/ws', base), {
      onOpen: () => {
        if (kind === 'msgpack') socket.sendBinary(Buffer.from(encode(SUBSCRIBE)));
        else socket.send(JSON.stringify(SUBSCRIBE));
      },
      onMessage: (data) => {
        if (subscribed) {
          // Every frame after `subscribed` is an event in this bench (heartbeats are 30 s apart).
          client.events += 1;
          client.eventBytes += data.length;
          return;
        }
        const msg = (kind === 'msgpack' ? decode(data) : JSON.parse(data.toString('utf8'))) as { type: string };
        if (msg.type === 'subscribed') {
          subscribed = true;
          resolve(client);
        }
      },
      onClose: (code) => { if (!subscribed) reject(new Error(`${kind} client closed (${code}) before subscribing`)); },
      onError: reject,
    }, false, kind === 'msgpack' ? 'incident-relay.v1.msgpack' : undefined);
  });
}

// One read buffer for every SSE socket (reads are handled synchronously, one at a time), as the raw WebSocket client does.
const SSE_READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

/** An SSE stream over a plain TCP socket; event chunks are counted by their `event: event` line, nothing is copied. */
function openSseClient(base: URL): Promise<TransportClient> {
  return new Promise((resolve, reject) => {
    const client: TransportClient = { kind: 'sse', events: 0, eventBytes: 0, close: () => socket.destroy() };
    let subscribed = false;
    // The last bytes of the previous read, which may hold the start of a marker split across two reads.
    const tail = Buffer.alloc(SSE_EVENT.length - 1);
    let tailLength = 0;
    const count = (chunk: Buffer) => {
      if (tailLength > 0) {
        const seam = Buffer.concat([tail.subarray(0, tailLength), chunk.subarray(0, SSE_EVENT.length - 1)]);
        if (seam.includes(SSE_EVENT)) client.events += 1;
      }
      for (let at = chunk.indexOf(SSE_EVENT); at >= 0; at = chunk.indexOf(SSE_EVENT, at + SSE_EVENT.length)) client.events += 1;
      tailLength = Math.min(tail.length, chunk.length);
      chunk.copy(tail, 0, chunk.length - tailLength);
    };
    const socket = net.connect({
      host: base.hostname, port: Number(base.port), noDelay: true,
      onread: {
        buffer: SSE_READ_BUFFER,
        callback: (n, buf) => {
          const chunk = (buf as Buffer).subarray(0, n);
          if (subscribed) {
            client.eventBytes += n;
            count(chunk);
          } else if (chunk.includes(SSE_SUBSCRIBED)) {
            subscribed = true;
            resolve(client);
            count(chunk.subarray(chunk.indexOf(SSE_SUBSCRIBED)));
          }
          return true;
        },
      },
    }, () => {
      socket.write(`GET /v1/stream HTTP/1.1\r\nHost: ${base.host}\r\nAccept: text/event-stream\r\n\r\n`);
    });
    socket.on('error', reject);
    socket.on('close', () => { if (!subscribed) reject(new Error('SSE client closed before subscribing')); });
  });
}

/** Opens `count` clients of one kind, a few at a time. */
export async function openTransportClients(base: URL, kind: TransportKind, count: number): Promise<TransportClient[]> {
  const clients: TransportClient[] = [];
  const AT_ONCE = 50;
  for (let i = 0; i < count; i += AT_ONCE) {
    const n = Math.min(AT_ONCE, count - i);
    clients.push(...await Promise.all(Array.from({ length: n }, () => (kind === 'sse' ? openSseClient(base) : openWsClient(base, kind)))));
  }
  return clients;
}
