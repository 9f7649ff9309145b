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

/** An SSE stream over a plain TCP socket; event chunks are counted by their `event: event` line. */
function openSseClient(base: URL): Promise<TransportClient> {
  return new Promise((resolve, reject) => {
    const client: TransportClient = { kind: 'sse', events: 0, eventBytes: 0, close: () => socket.destroy() };
    let subscribed = false;
    let carry = Buffer.alloc(0);
    const socket = net.connect({ host: base.hostname, port: Number(base.port), noDelay: true }, () => {
      socket.write(`GET /v1/stream HTTP/1.1\r\nHost: ${base.host}\r\nAccept: text/event-stream\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      const buf = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      if (!subscribed && buf.includes(SSE_SUBSCRIBED)) {
        subscribed = true;
        resolve(client);
      }
      if (subscribed) client.eventBytes += chunk.length;
      for (let at = buf.indexOf(SSE_EVENT); at >= 0; at = buf.indexOf(SSE_EVENT, at + SSE_EVENT.length)) client.events += 1;
      // Keep the tail that may hold the start of a marker split across reads (never a whole one).
      carry = Buffer.from(buf.subarray(Math.max(0, buf.length - (SSE_EVENT.length - 1))));
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
