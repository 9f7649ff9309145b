// The HTTP half of the web transport: `POST /control/login` (code → session cookie) and `POST /control/<channel>`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  BRIDGE_ERROR_HTTP_STATUS, BridgeError, runBridgeCall, toBridgeError, type BridgeHandlers,
} from '../../src-shared/bridge/index.js';
import { type HttpRoute, readJsonBody, sendJson } from '../server/index.js';
import { CONTROL_LOGIN_PATH, CONTROL_PATH } from '../../src-shared/web-console.js';
import { SESSION_COOKIE, type ConsoleSessions } from './console-sessions.js';
import type { LoginCodes } from './login-codes.js';
import { controlAccess, foreignOrigin } from './request-checks.js';

/** Bridge requests are small; a settings or subscription body is a few kilobytes. */
export const CONTROL_BODY_LIMIT = 256 * 1024;

export interface ControlRoutesDeps {
  handlers: BridgeHandlers;
  sessions: ConsoleSessions;
  codes: LoginCodes;
  /** Whether the server speaks TLS (the cookie then gets `Secure`). */
  secure(): boolean;
}

/** Channels that hand out or replace the publish token: a console session must have signed in within five minutes. */
const REAUTH_CHANNELS: ReadonlySet<string> = new Set(['token:reveal', 'token:rotate']);
const REAUTH_MESSAGE = 'revealing or rotating the publish token needs a fresh sign-in: enter a new login code '
  + '(`incident-relay serve` prints the console URL; `incident-relay console-url` prints a new one)';

const LoginSchema = z.object({ code: z.string().min(1).max(256) });

export function sendBridgeError(res: ServerResponse, err: BridgeError, headers: Record<string, string> = {}): void {
  sendJson(res, BRIDGE_ERROR_HTTP_STATUS[err.code], err.toBody(), headers);
}

/** Runs a handler; BridgeErrors become their status and body, HttpErrors (body too large, bad JSON) go to the server. */
export async function answering(res: ServerResponse, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (!(err instanceof BridgeError) && err instanceof Error && 'status' in err) throw err;
    sendBridgeError(res, toBridgeError(err));
  }
}

/** A JSON body, or `{}` when the request has none. */
export async function body(req: IncomingMessage): Promise<unknown> {
  const length = req.headers['content-length'];
  if ((length === undefined || length === '0') && req.headers['transfer-encoding'] === undefined) return {};
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new BridgeError('unsupported_frame', 'send the request as Content-Type: application/json');
  return readJsonBody(req, CONTROL_BODY_LIMIT);
}

export function controlRoutes(deps: ControlRoutesDeps): HttpRoute[] {
  return [
    {
      method: 'POST', path: CONTROL_LOGIN_PATH, scope: 'none',
      handle: (req, res) => answering(res, async () => {
        if (foreignOrigin(req)) throw new BridgeError('forbidden', 'Origin must be this server');
        const parsed = LoginSchema.safeParse(await body(req));
        if (!parsed.success || !deps.codes.redeem(parsed.data.code)) {
          throw new BridgeError('unauthorized', 'the login code is wrong, used or expired; restart `incident-relay serve` for a new one');
        }
        const { id, secret, maxAgeSecs } = deps.sessions.create();
        const cookie = `${SESSION_COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSecs}${deps.secure() ? '; Secure' : ''}`;
        // The secret goes to the page only (it keeps it in sessionStorage and sends it as a header): see request-checks.ts.
        sendJson(res, 200, { ok: true, secret }, { 'Set-Cookie': cookie, 'Cache-Control': 'no-store' });
      }),
    },
    {
      method: 'POST', path: `${CONTROL_PATH}/:channel`, scope: 'none',
      handle: (req, res, ctx) => answering(res, async () => {
        const access = controlAccess(req, ctx, deps.sessions);
        if (!access.ok) {
          const code = access.status === 401 ? 'unauthorized' : 'forbidden';
          return sendBridgeError(res, new BridgeError(code, access.message), access.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {});
        }
        const channel = ctx.params['channel'] ?? '';
        if (access.via === 'cookie' && REAUTH_CHANNELS.has(channel) && !deps.sessions.isFresh(access.sessionId)) {
          throw new BridgeError('forbidden', REAUTH_MESSAGE);
        }
        sendJson(res, 200, await runBridgeCall(deps.handlers, channel, await body(req)));
      }),
    },
  ];
}
