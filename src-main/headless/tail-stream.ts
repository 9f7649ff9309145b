// The stream `tail` reads, over one of three transports (PROTOCOL 1.1 §1): JSON WebSocket, MessagePack WebSocket, or SSE.
import http from 'node:http';
import https from 'node:https';
import { decode, encode } from '@msgpack/msgpack';
import WebSocket from 'ws';
import { MSGPACK_SUBPROTOCOL } from '../../src-shared/protocol/index.js';

export const TAIL_TRANSPORTS = ['ws', 'msgpack', 'sse'] as const;
export type TailTransport = (typeof TAIL_TRANSPORTS)[number];

/** A server message as `tail` handles it. */
export type StreamMessage = { type: string } & Record<string, unknown>;

export interface TailStreamOptions {
  transport: TailTransport;
  /** `http://HOST:PORT` */
  httpUrl: string;
  token: string | undefined;
  filters: Record<string, unknown>;
  resumeAfter: string | undefined;
  onMessage(msg: StreamMessage): void;
  /** The stream ended: `ok` when the client closed it (Ctrl-C). */
  onEnd(ok: boolean): void;
  onError(err: Error): void;
}

export interface TailStream {
  /** Acknowledges an event (WebSocket transports; an SSE stream has no way back). */
  ack(messageId: string): void;
  close(): void;
}

/** Opens the stream; the subscription is sent (or, for SSE, asked for in the query) as soon as it is up. */
export function openTailStream(o: TailStreamOptions): TailStream {
  return o.transport === 'sse' ? openSse(o) : openWebSocket(o, o.transport === 'msgpack');
}

function openWebSocket(o: TailStreamOptions, msgpack: boolean): TailStream {
  const url = `${o.httpUrl.replace(/^http/, 'ws')}/ws`;
  const ws = new WebSocket(url, msgpack ? [MSGPACK_SUBPROTOCOL] : [], { headers: o.token ? { Authorization: `Bearer ${o.token}` } : {} });
  const send = (msg: Record<string, unknown>) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (msgpack) ws.send(encode(msg), { binary: true });
    else ws.send(JSON.stringify(msg));
  };
  ws.on('message', (data, isBinary) => {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    const msg = (msgpack && isBinary ? decode(bytes) : JSON.parse(bytes.toString('utf8'))) as StreamMessage;
    if (msg.type === 'welcome') {
      send({ type: 'subscribe', subscription_id: 'tail', filters: o.filters, ...(o.resumeAfter ? { resume_after: o.resumeAfter } : {}) });
      return;
    }
    o.onMessage(msg);
  });
  ws.on('close', (code) => o.onEnd(code === 1000));
  ws.on('error', (err) => o.onError(err));
  return { ack: (id) => send({ type: 'ack', message_id: id }), close: () => ws.close(1000) };
}

/** The filters as `/v1/stream` query parameters: comma-separated lists, `labels=k:v,...`. */
export function streamQuery(filters: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (Array.isArray(value)) q.set(key, value.join(','));
    else if (value && typeof value === 'object') q.set(key, Object.entries(value).map(([k, v]) => `${k}:${String(v)}`).join(','));
  }
  q.set('subscription_id', 'tail');
  return q.toString();
}

function openSse(o: TailStreamOptions): TailStream {
  const url = new URL(`/v1/stream?${streamQuery(o.filters)}`, o.httpUrl);
  const headers: Record<string, string> = { Accept: 'text/event-stream' };
  if (o.token) headers.Authorization = `Bearer ${o.token}`;
  if (o.resumeAfter) headers['Last-Event-ID'] = o.resumeAfter;
  let closedByUs = false;
  const req = (url.protocol === 'https:' ? https : http).get(url, { headers }, (res) => {
    res.setEncoding('utf8');
    if (res.statusCode !== 200) {
      let body = '';
      res.on('data', (d: string) => { body += d; });
      res.on('end', () => {
        const message = (() => { try { return (JSON.parse(body) as { error: { message: string } }).error.message; } catch { return body.slice(0, 200); } })();
        o.onError(new Error(`the server refused the stream (HTTP ${res.statusCode}): ${message}`));
      });
      return;
    }
    let buffer = '';
    res.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const data = buffer.slice(0, end).split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
        buffer = buffer.slice(end + 2);
        if (data) o.onMessage(JSON.parse(data) as StreamMessage);
      }
    });
    res.on('close', () => o.onEnd(closedByUs));
  });
  req.on('error', (err) => { if (!closedByUs) o.onError(err); });
  return {
    ack: () => undefined,
    close: () => {
      closedByUs = true;
      req.destroy();
      o.onEnd(true);
    },
  };
}
