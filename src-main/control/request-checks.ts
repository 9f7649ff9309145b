// Who may use /control: the session cookie plus the page's session secret from our own page, or an admin bearer token.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { SESSION_SECRET_HEADER } from '../../src-shared/bridge/index.js';
import type { RouteContext } from '../server/index.js';
import { sessionIdFromCookies, type ConsoleSessions } from './console-sessions.js';

/** This server's own origin as the request reached it (`http://127.0.0.1:8080`), from its Host header. */
export function ownOrigin(req: IncomingMessage): string | undefined {
  const host = req.headers.host;
  if (!host) return undefined;
  const scheme = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  return `${scheme}://${host.toLowerCase()}`;
}

/**
 * True when the request's Origin is exactly this server's origin. Stricter than the server-wide check (which lets
 * any loopback origin through): another local web app on 127.0.0.1:<other port> is same-site for the cookie.
 */
export function fromOwnPage(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  return origin !== undefined && origin.toLowerCase() === ownOrigin(req);
}

/** An Origin that is present and not this server's. */
export function foreignOrigin(req: IncomingMessage): boolean {
  return req.headers.origin !== undefined && !fromOwnPage(req);
}

export type ControlAccess =
  | { ok: true; via: 'bearer' }
  | { ok: true; via: 'cookie'; sessionId: string }
  | { ok: false; status: 401 | 403; message: string };

/** The per-session secret header of a console call (one value; a repeated header counts as none). */
function sessionSecret(req: IncomingMessage): string | undefined {
  const v = req.headers[SESSION_SECRET_HEADER];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Decides a `/control/<channel>` call: a bearer token must carry admin; a console session needs its cookie, the
 * secret the page got at login (a header no other origin can read or set), and our own page as Origin. The cookie
 * alone authorises nothing: every port of the host receives it (PROTOCOL 1.1 section 7).
 */
export function controlAccess(req: IncomingMessage, ctx: Pick<RouteContext, 'credentials'>, sessions: ConsoleSessions): ControlAccess {
  if (req.headers.authorization !== undefined) {
    if (!ctx.credentials) return { ok: false, status: 401, message: 'token refused' };
    if (!ctx.credentials.scopes.has('admin')) return { ok: false, status: 403, message: 'the "admin" scope is required' };
    return { ok: true, via: 'bearer' };
  }
  const sessionId = sessionIdFromCookies(req.headers.cookie);
  if (!sessionId || !sessions.check(sessionId, sessionSecret(req))) {
    return { ok: false, status: 401, message: 'not signed in: open the console URL that `incident-relay serve` printed' };
  }
  if (!fromOwnPage(req)) return { ok: false, status: 403, message: 'Origin must be this server (cross-site request refused)' };
  return { ok: true, via: 'cookie', sessionId };
}
