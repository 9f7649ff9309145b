// `GET /v1/stream` (PROTOCOL 1.1 §1): Server-Sent Events over the same sessions, subscription index, framing and limits as /ws.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Credentials } from '../auth/credentials.js';
import { HttpError, sendError } from '../http/json-io.js';
import type { HttpRoute } from '../http/router.js';
import type { SessionLifecycle } from '../session/session-lifecycle.js';
import { streamSubscription } from './sse-query.js';
import { adaptSseResponse } from './sse-socket.js';

/** An EventSource reconnects this soon (ms) after the stream ends (the default is browser-specific, often 3 s). */
const SSE_RETRY = 'retry: 1000\n\n';

export interface SseRouteDeps {
  sessions: SessionLifecycle;
  /** Credentials of a client that sent no token (the route's `read` scope already let it in). */
  anonymous: Credentials;
  isDraining(): boolean;
}

/** Whether the client takes an event stream: `text/event-stream`, any text, anything, or no Accept header at all. */
function acceptsEventStream(req: IncomingMessage): boolean {
  const accept = req.headers.accept;
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').map((a) => a.split(';')[0]!.trim().toLowerCase()).some((t) => t === 'text/event-stream' || t === 'text/*' || t === '*/*');
}

/** The route: checks everything before the stream starts (400, 406, 503), then opens a session and subscribes it. */
export function sseStreamRoute(deps: SseRouteDeps): HttpRoute {
  return {
    method: 'GET', path: '/v1/stream', scope: 'read',
    handle(req: IncomingMessage, res: ServerResponse, ctx) {
      if (deps.isDraining()) throw new HttpError(503, 'internal_error', 'server is shutting down');
      if (!acceptsEventStream(req)) throw new HttpError(406, 'invalid_message', 'GET /v1/stream answers text/event-stream; send Accept: text/event-stream');
      const subscribe = streamSubscription(ctx.url, req);
      if (req.method === 'HEAD') {
        res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' }).end();
        return;
      }
      const credentials = ctx.credentials ?? deps.anonymous;
      const session = deps.sessions.admit((events) => {
        res.writeHead(200, {
          'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no', Connection: 'keep-alive',
        });
        res.write(SSE_RETRY);
        return adaptSseResponse(res, events);
      }, credentials, () => sendError(res, 503, 'internal_error', 'connection limit reached (max_connections); try again later', { 'Retry-After': '1' }));
      if (session) deps.sessions.handle(session, subscribe);
    },
  };
}
