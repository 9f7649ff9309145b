// The push half of the web transport: the `/control/stream` WebSocket, `{event, payload}` frames to signed-in pages.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CONSOLE_STREAM_PROTOCOL, SESSION_SECRET_PROTOCOL_PREFIX, type PushName } from '../../src-shared/bridge/index.js';
import { STREAM_CLOSE_UNAUTHORIZED } from '../../src-shared/web-console.js';
import { bearerToken, type BrowserSafetyPolicy, checkHost, type Logger, refuseUpgrade, type UpgradeRoute } from '../server/index.js';
import { sessionIdFromCookies, type ConsoleSessions } from './console-sessions.js';
import type { PushListener } from './push-hub.js';
import { foreignOrigin } from './request-checks.js';

/** A page this far behind is dropped (1013); it reconnects and resyncs. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
const PING_MS = 30_000;
const SESSION_CHECK_MS = 60_000;
const CLOSE_GRACE_MS = 1000;

export interface ControlStreamDeps {
  subscribe(listener: PushListener): () => void;
  sessions: ConsoleSessions;
  safety: BrowserSafetyPolicy;
  /** The publish token, accepted as `Authorization: Bearer` from tools. */
  publishToken(): string;
  logger: Logger;
}

export interface ControlStream {
  readonly route: UpgradeRoute;
  /** Open streams. */
  count(): number;
  /** Closes (4401) at once the streams whose session ended (sign-out, revoke) instead of at the next periodic check. */
  dropEndedSessions(): void;
  /** Closes every stream (1001; sockets still open after a second are cut), refuses new ones (503), stops pushing. */
  close(): Promise<void>;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** The session secret a page offers as the subprotocol `ir-secret.<secret>` (browsers cannot set upgrade headers). */
function offeredSecret(req: IncomingMessage): string | undefined {
  const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const secret = offered.find((p) => p.startsWith(SESSION_SECRET_PROTOCOL_PREFIX));
  return secret?.slice(SESSION_SECRET_PROTOCOL_PREFIX.length);
}

export function createControlStream(deps: ControlStreamDeps): ControlStream {
  // The page's secret rides in an offered subprotocol; the answer names only `ir-console`, never the secret.
  const wss = new WebSocketServer({
    noServer: true, maxPayload: 4096, perMessageDeflate: false, clientTracking: false,
    handleProtocols: (offered) => (offered.has(CONSOLE_STREAM_PROTOCOL) ? CONSOLE_STREAM_PROTOCOL : false),
  });
  const open = new Map<WebSocket, { sessionId: string | undefined; alive: boolean }>();

  const isPublishToken = (token: string | undefined): boolean => token !== undefined && timingSafeEqual(digest(token), digest(deps.publishToken()));

  /** Who the upgrade is from, or why it is refused. */
  const admit = (req: IncomingMessage): { ok: true; sessionId: string | undefined } | { ok: false; status: number; reason: string } => {
    const host = checkHost(req, deps.safety);
    if (!host.ok) return { ok: false, status: 403, reason: host.reason };
    if (foreignOrigin(req)) return { ok: false, status: 403, reason: 'Origin must be this server' };
    if (req.headers.authorization !== undefined) {
      return isPublishToken(bearerToken(req.headers.authorization)) ? { ok: true, sessionId: undefined } : { ok: false, status: 401, reason: 'token refused' };
    }
    const sessionId = sessionIdFromCookies(req.headers.cookie);
    if (!sessionId || !deps.sessions.check(sessionId, offeredSecret(req))) return { ok: false, status: 401, reason: 'not signed in' };
    if (req.headers.origin === undefined) return { ok: false, status: 403, reason: 'a browser page must send Origin' };
    return { ok: true, sessionId };
  };

  const unsubscribe = deps.subscribe(<E extends PushName>(event: E, payload: unknown) => {
    if (open.size === 0) return;
    const frame = JSON.stringify({ event, payload });
    for (const ws of open.keys()) {
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) ws.close(1013, 'too far behind; reconnect');
      else ws.send(frame);
    }
  });

  const dropEndedSessions = (): void => {
    for (const [ws, s] of open) if (s.sessionId !== undefined && !deps.sessions.stillLive(s.sessionId)) ws.close(STREAM_CLOSE_UNAUTHORIZED, 'session ended');
  };

  const timers = [
    setInterval(() => {
      for (const [ws, s] of open) {
        if (!s.alive) ws.terminate();
        s.alive = false;
        ws.ping();
      }
    }, PING_MS),
    setInterval(() => dropEndedSessions(), SESSION_CHECK_MS),
  ];
  for (const t of timers) t.unref();

  /** Set when close() begins: a page reconnecting meanwhile must not get a stream nobody closes (it held server.stop). */
  let closing = false;

  const route: UpgradeRoute = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const verdict = closing ? { ok: false as const, status: 503, reason: 'server is shutting down' } : admit(req);
    if (!verdict.ok) {
      refuseUpgrade(socket, verdict.status, verdict.reason);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const state = { sessionId: verdict.sessionId, alive: true };
      open.set(ws, state);
      ws.on('pong', () => { state.alive = true; });
      ws.on('message', () => ws.close(1003, 'the stream takes no messages'));
      ws.on('error', (err) => deps.logger.debug('control stream error', { error: err.message }));
      ws.on('close', () => open.delete(ws));
    });
  };

  return {
    route,
    count: () => open.size,
    dropEndedSessions,
    async close() {
      closing = true;
      unsubscribe();
      for (const t of timers) clearInterval(t);
      const closed = [...open.keys()].map((ws) => new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close(1001, 'server shutting down');
      }));
      const cut = setTimeout(() => {
        for (const ws of open.keys()) ws.terminate();
      }, CLOSE_GRACE_MS);
      await Promise.all(closed);
      clearTimeout(cut);
      wss.close();
    },
  };
}
