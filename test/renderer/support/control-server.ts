// A minimal /control endpoint on a real socket, as the web bridge expects it: login code → cookie, POST calls, push stream.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import {
  BRIDGE_ERROR_HTTP_STATUS, BridgeError, SESSION_SECRET_HEADER, runBridgeCall, toBridgeError, type BridgeHandlers, type PushName,
} from '../../../src-shared/bridge/index.js';
import type { FetchLike } from '../../../src-renderer/bridge/control-http.js';
import type { WebSocketFactory, WebSocketLike } from '../../../src-renderer/bridge/web-bridge.js';

export const SESSION_COOKIE = 'ir_session';

export interface RecordedRequest {
  method: string; path: string; contentType: string | undefined; hasSession: boolean;
  /** The session-secret header the page sent (issued at login, PROTOCOL 1.1 section 7). */
  secret: string | undefined;
  body: unknown;
}

export interface ControlServer {
  readonly baseUrl: string;
  readonly port: number;
  /** One-time login codes still valid. */
  readonly codes: Set<string>;
  /** Session ids the cookie may carry (share it with a restarted server to keep sessions). */
  readonly sessions: Set<string>;
  readonly requests: RecordedRequest[];
  /** Sends one push frame to every open stream (raw: the payload is not validated here). */
  push(event: PushName | string, payload: unknown): void;
  streamCount(): number;
  close(): Promise<void>;
}

function sessionOf(req: IncomingMessage, sessions: Set<string>): string | undefined {
  const cookie = req.headers.cookie ?? '';
  const m = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(cookie);
  return m && sessions.has(m[1]!) ? m[1] : undefined;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

function sendError(res: ServerResponse, err: BridgeError): void {
  sendJson(res, BRIDGE_ERROR_HTTP_STATUS[err.code], err.toBody());
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startControlServer(
  handlers: Partial<BridgeHandlers>,
  options: { port?: number; codes?: Set<string>; sessions?: Set<string> } = {},
): Promise<ControlServer> {
  const codes = options.codes ?? new Set<string>();
  const sessions = options.sessions ?? new Set<string>();
  const requests: RecordedRequest[] = [];
  const wss = new WebSocketServer({ noServer: true });

  const http = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const text = await readBody(req);
      let body: unknown;
      try {
        body = text === '' ? {} : JSON.parse(text);
      } catch {
        return sendError(res, new BridgeError('invalid_json', 'body is not JSON'));
      }
      const session = sessionOf(req, sessions);
      const secret = req.headers[SESSION_SECRET_HEADER];
      requests.push({
        method: req.method ?? '', path, contentType: req.headers['content-type'], hasSession: Boolean(session),
        secret: typeof secret === 'string' ? secret : undefined, body,
      });
      if (req.method !== 'POST' || !path.startsWith('/control/')) return sendError(res, new BridgeError('not_found', 'no such route'));
      if (!req.headers['content-type']?.startsWith('application/json')) return sendError(res, new BridgeError('unsupported_frame', 'send JSON'));
      if (path === '/control/login') {
        const code = (body as { code?: unknown }).code;
        if (typeof code !== 'string' || !codes.delete(code)) return sendError(res, new BridgeError('unauthorized', 'login code is invalid, used or expired'));
        const id = randomUUID();
        sessions.add(id);
        res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': `${SESSION_COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/` })
          .end(JSON.stringify({ ok: true, secret: `secret-of-${id}` }));
        return;
      }
      if (!session) return sendError(res, new BridgeError('unauthorized', 'no session: sign in through the console URL'));
      try {
        sendJson(res, 200, await runBridgeCall(handlers as BridgeHandlers, decodeURIComponent(path.slice('/control/'.length)), body));
      } catch (err) {
        sendError(res, toBridgeError(err));
      }
    })();
  });

  http.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== '/control/stream' || !sessionOf(req, sessions)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve) => http.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port, codes, sessions, requests,
    push(event, payload) {
      const frame = JSON.stringify({ event, payload });
      for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(frame);
    },
    streamCount: () => wss.clients.size,
    async close() {
      for (const client of wss.clients) client.terminate();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      wss.close();
    },
  };
}

/** What a browser does for the page: keeps the session cookie and sends it with calls and the stream upgrade. */
export function browserLikeCookies(): { fetch: FetchLike; openWebSocket: WebSocketFactory } {
  let cookie = '';
  return {
    async fetch(url, init) {
      const res = await fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
      const set = res.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0]!;
      return res;
    },
    openWebSocket: (url, protocols): WebSocketLike => new WebSocket(url, protocols, cookie ? { headers: { cookie } } : {}),
  };
}
