// The WebSocket upgrade gate: browser safety, credentials, connection cap, then hand-over to ws.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { MSGPACK_SUBPROTOCOL, SUBPROTOCOL } from '../../../src-shared/protocol/index.js';
import { bearerToken, type Authenticator } from '../auth/authenticator.js';
import { checkBrowserSafety, type BrowserSafetyPolicy } from '../http/browser-safety.js';
import type { FailedAuthThrottle } from '../auth/failed-auth-throttle.js';
import type { Credentials } from '../auth/credentials.js';

/** The token a client offered: Authorization header, or the browser subprotocol `bearer.<token>`. Never the query. */
export function offeredToken(req: IncomingMessage): string | undefined {
  const fromHeader = bearerToken(req.headers.authorization);
  if (fromHeader) return fromHeader;
  const protocols = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
  const bearer = protocols.find((p) => p.startsWith('bearer.'));
  return bearer ? bearer.slice('bearer.'.length) : undefined;
}

/**
 * ws `handleProtocols`: answer `incident-relay.v1.msgpack` when offered (a MessagePack session, PROTOCOL 1.1 §1),
 * else `incident-relay.v1` when offered; never echo a bearer token.
 */
export function selectProtocol(protocols: Set<string>): string | false {
  if (protocols.has(MSGPACK_SUBPROTOCOL)) return MSGPACK_SUBPROTOCOL;
  return protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false;
}

const STATUS_TEXT: Record<number, string> = {
  429: 'Too Many Requests', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 503: 'Service Unavailable',
};
const ERROR_CODE: Record<number, string> = { 429: 'rate_limited', 401: 'unauthorized', 403: 'forbidden', 404: 'invalid_message' };

/**
 * Writes a bare HTTP refusal on an upgrade socket and closes it once written (a TLS socket writes asynchronously);
 * a peer that never reads is destroyed by the connection gate's handshake deadline. `text` never holds a token.
 */
export function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code: ERROR_CODE[status] ?? 'internal_error', message: text, status } });
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n`
    + `Connection: close\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n${status === 401 ? 'WWW-Authenticate: Bearer\r\n' : ''}`
    + `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`, () => socket.destroy());
}

export interface UpgradeGateDeps {
  safety: BrowserSafetyPolicy;
  authenticator: Authenticator;
  /** Whether /ws needs a token with the `subscribe` scope. */
  authRequired: boolean;
  /** Credentials of an anonymous loopback client. */
  anonymous: Credentials;
  /** The same per-remote slow-down of refused tokens as HTTP requests get. */
  authThrottle?: FailedAuthThrottle;
  /** A token was refused (`throttled`: not even checked, the remote is over its failures). */
  onAuthRefused?(throttled: boolean, remote: string | undefined): void;
}

/** Decides an upgrade: `{ok, credentials}` or the HTTP status to refuse with. */
export async function admitUpgrade(req: IncomingMessage, deps: UpgradeGateDeps): Promise<{ ok: true; credentials: Credentials } | { ok: false; status: number; reason: string }> {
  const safe = checkBrowserSafety(req, deps.safety);
  if (!safe.ok) return { ok: false, status: 403, reason: safe.reason };
  const token = offeredToken(req);
  if (token === undefined) {
    return deps.authRequired ? { ok: false, status: 401, reason: 'a token with the subscribe scope is required' } : { ok: true, credentials: deps.anonymous };
  }
  const remote = (req.socket as IncomingMessage['socket'] | null)?.remoteAddress;
  const creds = await deps.authenticator.verify(token);
  if (!creds && deps.authThrottle && !deps.authThrottle.mayTry(remote)) {
    deps.onAuthRefused?.(true, remote);
    return { ok: false, status: 429, reason: 'too many refused tokens from this address; slow down' };
  }
  if (!creds) {
    deps.authThrottle?.failed(remote);
    deps.onAuthRefused?.(false, remote);
    return { ok: false, status: 401, reason: 'token refused' };
  }
  if (deps.authRequired && !creds.scopes.has('subscribe') && !creds.scopes.has('admin')) return { ok: false, status: 403, reason: 'token lacks the subscribe scope' };
  return { ok: true, credentials: creds };
}
