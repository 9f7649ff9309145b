// Console session management over HTTP: sign-out, list, revoke, re-authentication, and new login URLs for tools.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { BridgeError } from '../../src-shared/bridge/index.js';
import { sendJson, type HttpRoute, type RouteContext } from '../server/index.js';
import { SESSION_COOKIE, type ConsoleSessions } from './console-sessions.js';
import { answering, body, sendBridgeError } from './control-routes.js';
import type { LoginCodes } from './login-codes.js';
import { controlAccess, type ControlAccess } from './request-checks.js';

export interface SessionRoutesDeps {
  sessions: ConsoleSessions;
  codes: LoginCodes;
  /** A fresh console URL with a new one-time code. */
  loginUrl(): string;
  /** Sessions ended (sign-out, revoke): their open push streams close now. */
  onSessionsEnded(): void;
}

const RevokeSchema = z.object({ handle: z.string().min(1).max(64) });
const ReauthSchema = z.object({ code: z.string().min(1).max(256) });

type Granted = Extract<ControlAccess, { ok: true }>;
type Handler = (req: IncomingMessage, res: ServerResponse, access: Granted) => Promise<void> | void;

/** A `POST /control/session:<name>` route behind the same access check as every bridge call. */
function sessionRoute(sessions: ConsoleSessions, name: string, handler: Handler): HttpRoute {
  return {
    method: 'POST', path: `/control/session:${name}`, scope: 'none',
    handle: (req: IncomingMessage, res: ServerResponse, ctx: RouteContext) => answering(res, async () => {
      const access = controlAccess(req, ctx, sessions);
      if (!access.ok) {
        const code = access.status === 401 ? 'unauthorized' : 'forbidden';
        return sendBridgeError(res, new BridgeError(code, access.message), access.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {});
      }
      await handler(req, res, access);
    }),
  };
}

const consoleOnly = (access: Granted): string => {
  if (access.via !== 'cookie') throw new BridgeError('invalid_message', 'only a console session can do this');
  return access.sessionId;
};

export function sessionRoutes(deps: SessionRoutesDeps): HttpRoute[] {
  const { sessions } = deps;
  return [
    sessionRoute(sessions, 'sign-out', (_req, res, access) => {
      sessions.end(consoleOnly(access));
      deps.onSessionsEnded();
      sendJson(res, 200, { ok: true }, { 'Set-Cookie': `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0` });
    }),
    sessionRoute(sessions, 'list', (_req, res, access) => {
      sendJson(res, 200, { sessions: sessions.list(access.via === 'cookie' ? access.sessionId : undefined) });
    }),
    sessionRoute(sessions, 'revoke', async (req, res) => {
      const parsed = RevokeSchema.safeParse(await body(req));
      if (!parsed.success) throw new BridgeError('invalid_message', 'send {"handle": "<a handle from session:list>"}');
      if (!sessions.revoke(parsed.data.handle)) throw new BridgeError('not_found', 'no live session has that handle');
      deps.onSessionsEnded();
      sendJson(res, 200, { ok: true });
    }),
    sessionRoute(sessions, 'reauth', async (req, res, access) => {
      const id = consoleOnly(access);
      const parsed = ReauthSchema.safeParse(await body(req));
      if (!parsed.success || !deps.codes.redeem(parsed.data.code)) throw new BridgeError('unauthorized', 'the login code is wrong, used or expired');
      sessions.reauthenticated(id);
      sendJson(res, 200, { ok: true });
    }),
    sessionRoute(sessions, 'login-url', (_req, res, access) => {
      if (access.via !== 'bearer') throw new BridgeError('forbidden', 'a new console URL is for tools holding an admin token');
      sendJson(res, 200, { url: deps.loginUrl() });
    }),
  ];
}
