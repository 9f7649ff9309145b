// HTTP request dispatch: browser safety, route lookup (404/405), bearer-token scope check, then the route's handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, type Authenticator } from '../auth/authenticator.js';
import type { FailedAuthThrottle } from '../auth/failed-auth-throttle.js';
import { checkBrowserSafety, type BrowserSafetyPolicy } from './browser-safety.js';
import { HttpError, sendError } from './json-io.js';
import { PublishRefusedError } from '../publish/publish-check.js';
import { routeKey, type RefusalLog } from './refusal-log.js';
import type { Router } from './router.js';
import type { Logger } from '../telemetry/logger.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { Credentials } from '../auth/credentials.js';

export interface HttpDispatchDeps {
  router: Router;
  safety: BrowserSafetyPolicy;
  authenticator: Authenticator;
  /** Whether `read` routes need a token with the `subscribe` scope. */
  readNeedsAuth: boolean;
  /** During shutdown only GET requests are still served (503 otherwise). */
  isDraining(): boolean;
  logger: Logger;
  metrics: Metrics;
  /** Refusals are counted here and logged as one summary line per kind, route and remote per interval. */
  refusals: RefusalLog;
  /** Per-remote slow-down of refused tokens. */
  authThrottle: FailedAuthThrottle;
}

/** The peer address (the socket is detached from a request whose connection was already destroyed). */
const remoteOf = (req: IncomingMessage): string | undefined => (req.socket as IncomingMessage['socket'] | null)?.remoteAddress;

/** The `request` listener: never throws; an `HttpError` or a refused publish becomes its status, anything else a logged 500. */
export function createHttpDispatcher(deps: HttpDispatchDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { router, safety, authenticator, readNeedsAuth, logger, metrics, refusals, authThrottle } = deps;
  const refused = (kind: string, req: IncomingMessage): void => {
    metrics.refusedRequests.inc({ kind });
    refusals.note(kind, routeKey((req.url ?? '/').split('?')[0]!), remoteOf(req));
  };

  const dispatch = async (req: IncomingMessage, res: ServerResponse) => {
    const safe = checkBrowserSafety(req, safety);
    if (!safe.ok) {
      refused('browser_safety', req);
      return sendError(res, 403, 'forbidden', safe.reason);
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const found = router.find(method, url.pathname);
    if (!('route' in found)) {
      if (found.allowed.length) return sendError(res, 405, 'invalid_message', `method ${method} not allowed`, { Allow: found.allowed.join(', ') });
      return sendError(res, 404, 'invalid_message', `no route ${url.pathname}`);
    }
    const { route, params } = found;
    let credentials: Credentials | null = null;
    const token = bearerToken(req.headers.authorization);
    if (token) {
      const remote = remoteOf(req);
      credentials = await authenticator.verify(token);
      if (!credentials && !authThrottle.mayTry(remote)) {
        metrics.authThrottled.inc();
        refused('auth_throttled', req);
        return sendError(res, 429, 'rate_limited', 'too many refused tokens from this address; slow down', { 'Retry-After': String(authThrottle.retryAfterSecs()) });
      }
      if (!credentials) {
        metrics.authFailures.inc();
        authThrottle.failed(remote);
        refused('auth_failed', req);
      }
    }
    const needed = route.scope === 'read' ? (readNeedsAuth ? 'subscribe' : 'none') : route.scope;
    if (needed !== 'none' && route.path !== '/health') {
      if (!credentials) return sendError(res, 401, 'unauthorized', token ? 'token refused' : 'a bearer token is required', { 'WWW-Authenticate': 'Bearer' });
      if (!credentials.scopes.has(needed) && !credentials.scopes.has('admin')) return sendError(res, 403, 'forbidden', `the "${needed}" scope is required`);
    }
    if (deps.isDraining() && method !== 'GET') return sendError(res, 503, 'internal_error', 'server is shutting down');
    await route.handle(req, res, { url, params, credentials });
  };

  return (req, res) => {
    dispatch(req, res).catch((err: unknown) => {
      if (err instanceof HttpError || err instanceof PublishRefusedError) {
        if (err.status >= 400 && err.status < 500) refused(`http_${err.status}`, req);
        sendError(res, err.status, err.code, err.message);
        return;
      }
      logger.error('HTTP handler failed', { path: (req.url ?? '/').split('?')[0], error: (err as Error).message });
      if (!res.headersSent) sendError(res, 500, 'internal_error', 'internal error');
      else res.destroy();
    });
  };
}
