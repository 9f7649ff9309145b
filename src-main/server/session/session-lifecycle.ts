// /ws session lifecycle: accept a socket as a session (cap, welcome, token expiry), clean up on close, drain at shutdown.
import { performance } from 'node:perf_hooks';
import type { WebSocket } from 'ws';
import { CLOSE_CODES } from '../../../src-shared/protocol/index.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { AppConfig } from '../config/schema.js';
import type { Hub } from '../hub/hub.js';
import type { Logger } from '../telemetry/logger.js';
import type { Metrics } from '../telemetry/metrics.js';
import { dropSubscriptions, handleMessage, handleText, sendError, type HandlerDeps } from './message-handler.js';
import type { Credentials } from '../auth/credentials.js';
import { Session } from './session.js';
import { adaptWebSocket, type UpgradedLink } from '../transport/ws-adapter.js';
import type { SessionSocket, SessionSocketEvents } from '../transport/socket-port.js';
import { handleMsgpackFrame, refuseTextFrame } from '../transports/msgpack-inbound.js';

export interface SessionLifecycleDeps {
  hub: Hub;
  config: AppConfig;
  metrics: Metrics;
  authenticator: Authenticator;
  logger: Logger;
}

export interface SessionLifecycle {
  /** Turns an upgraded socket into a session, or closes it with 1013 when `max_connections` is reached. */
  accept(ws: WebSocket, credentials: Credentials, link: UpgradedLink): void;
  /**
   * Turns any transport into a session counted in the same limits and metrics (SSE streams): `open` adapts it once
   * the session's callbacks exist; at `max_connections` nothing is opened and `refuse` is called instead.
   */
  admit(open: (events: SessionSocketEvents) => SessionSocket, credentials: Credentials, refuse: () => void): Session | undefined;
  /** Handles a client message for a session as if it had arrived on it (an SSE stream's query is its `subscribe`). */
  handle(s: Session, msg: unknown): void;
  /** Closes a session with a `closing` message first; its dropped queue counts as dropped events. */
  closeSession(s: Session, reason: string, code: number): void;
  /** Shutdown: `closing {shutdown}` and 1001 to every session, waits up to `graceMs`, terminates the rest. */
  drain(graceMs: number): Promise<void>;
}

/** How often a draining server checks whether every session has gone (ms). */
const DRAIN_POLL_MS = 20;

/** Owns the sessions' token-expiry timers; `accept` is the `/ws` connection handler. */
export function createSessionLifecycle(deps: SessionLifecycleDeps): SessionLifecycle {
  const { hub, config, metrics, logger } = deps;
  const expiryTimers = new Map<Session, NodeJS.Timeout>();

  const closeSession = (s: Session, reason: string, code: number) => {
    if (s.closed) return;
    metrics.serverCloses.inc({ code: String(code), reason });
    const dropped = s.closeWith({ type: 'closing', reason }, code, reason);
    if (dropped) metrics.eventsDropped.inc(dropped);
  };

  /** (Re)arms the timer that closes a session when its token expires (JWT `exp`). */
  const armExpiry = (s: Session) => {
    const old = expiryTimers.get(s);
    if (old) clearTimeout(old);
    expiryTimers.delete(s);
    const at = s.credentials.expiresAt;
    if (at === null) return;
    const t = setTimeout(() => closeSession(s, 'token_expired', CLOSE_CODES.policyViolation), Math.max(0, at - Date.now()));
    t.unref();
    expiryTimers.set(s, t);
  };

  const handlerDeps: HandlerDeps = {
    hub, config, metrics, authenticator: deps.authenticator, logger, now: () => performance.now(),
    closeSession, onCredentialsChanged: armExpiry,
  };

  /** Runs a frame handler; a handler that throws answers `internal_error` and the session stays. */
  const guarded = (session: Session, handle: () => void) => {
    try {
      handle();
    } catch (err) {
      logger.error('message handler failed', { session: session.id, error: (err as Error).message });
      sendError(handlerDeps, session, 'internal_error', 'the server failed to handle this message');
    }
  };

  const admit = (open: (events: SessionSocketEvents) => SessionSocket, credentials: Credentials, refuse: () => void): Session | undefined => {
    if (hub.sessions.size >= config.max_connections) {
      metrics.connectionErrors.inc();
      metrics.serverCloses.inc({ code: String(CLOSE_CODES.tryAgainLater), reason: 'connection_limit' });
      refuse();
      return undefined;
    }
    let session: Session | undefined = undefined;
    const socket = open({
      onText: (data) => {
        if (!session || session.closed) return;
        session.lastInbound = performance.now();
        const s = session;
        guarded(s, () => (s.socket.format === 'msgpack' ? refuseTextFrame(handlerDeps, s) : handleText(handlerDeps, s, data)));
      },
      onBinary: (data) => {
        if (!session || session.closed) return;
        session.lastInbound = performance.now();
        const s = session;
        if (s.socket.format === 'msgpack') {
          guarded(s, () => handleMsgpackFrame(handlerDeps, s, data));
          return;
        }
        metrics.messagesReceived.inc();
        sendError(handlerDeps, s, 'unsupported_frame', 'binary frames are not part of protocol v1; send JSON text frames');
      },
      onPong: () => {
        if (!session) return;
        session.lastInbound = performance.now();
      },
      onDrain: () => session?.drain(),
      onTooBig: () => metrics.serverCloses.inc({ code: String(CLOSE_CODES.messageTooBig), reason: 'message_too_big' }),
      onClose: () => {
        if (!session) return;
        const s = session;
        const dropped = s.markClosed();
        if (dropped) metrics.eventsDropped.inc(dropped);
        dropSubscriptions(handlerDeps, s);
        const timer = expiryTimers.get(s);
        if (timer) clearTimeout(timer);
        expiryTimers.delete(s);
        if (hub.sessions.delete(s)) {
          metrics.activeConnections.dec();
          metrics.transportConnections.dec({ transport: s.socket.format });
          metrics.sessionDuration.observe((performance.now() - s.createdAt) / 1000);
        }
      },
    });
    session = new Session(socket, config.max_pending_messages, {
      onOverflow: (s) => {
        metrics.slowConsumerCloses.inc();
        logger.warn('slow consumer closed', { session: s.id, pending: s.pending });
        closeSession(s, 'slow_consumer', CLOSE_CODES.slowConsumer);
      },
      onQueuedWrite: (t) => metrics.messageLatency.observe((performance.now() - t) / 1000),
      onWriteError: () => metrics.sendErrors.inc(),
    }, credentials, { perSec: config.rate_limit_messages_per_sec, burst: config.rate_limit_burst }, performance.now());
    hub.sessions.add(session);
    metrics.activeConnections.inc();
    metrics.totalConnections.inc();
    metrics.transportConnections.inc({ transport: socket.format });
    metrics.transportConnectionsTotal.inc({ transport: socket.format });
    armExpiry(session);
    session.sendControl({
      type: 'welcome', session_id: session.id, server_time: new Date().toISOString(),
      heartbeat_interval_secs: config.heartbeat_interval_secs, session_timeout_secs: config.session_timeout_secs, protocol: 'v1',
    });
    return session;
  };

  const accept = (ws: WebSocket, credentials: Credentials, link: UpgradedLink) => {
    admit((events) => adaptWebSocket(ws, link, events), credentials, () => ws.close(CLOSE_CODES.tryAgainLater, 'connection limit reached'));
  };

  const drain = async (graceMs: number) => {
    for (const s of hub.sessions) closeSession(s, 'shutdown', CLOSE_CODES.shutdown);
    const deadline = Date.now() + graceMs;
    while (hub.sessions.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, DRAIN_POLL_MS));
    for (const s of hub.sessions) s.socket.terminate();
    for (const t of expiryTimers.values()) clearTimeout(t);
  };

  return { accept, admit, handle: (s, msg) => guarded(s, () => handleMessage(handlerDeps, s, msg)), closeSession, drain };
}
