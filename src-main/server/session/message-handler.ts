// Client → server messages (PROTOCOL.md section 3): parse, check, apply; a refused request changes nothing.
import {
  CLIENT_MESSAGE_SCHEMAS, CLOSE_CODES, normalizeFilters, parseWith,
  type ClientMessageType, type ErrorCode, type SubscribeMessage,
} from '../../../src-shared/protocol/index.js';
import type { AppConfig } from '../config/schema.js';
import type { Hub } from '../hub/hub.js';
import { replay } from '../hub/replay.js';
import type { Metrics } from '../telemetry/metrics.js';
import { createSubscription, type Subscription } from '../routing/subscription.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { Logger } from '../telemetry/logger.js';
import type { Session } from './session.js';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../transport/json-depth.js';
import { freeAck } from './ack-fast-path.js';

export interface HandlerDeps {
  hub: Hub;
  config: AppConfig;
  metrics: Metrics;
  authenticator: Authenticator;
  logger: Logger;
  now(): number;
  /** Closes a session with a `closing` message first. */
  closeSession(session: Session, reason: string, code: number): void;
  /** (Re)arms the token-expiry timer after an in-band `auth`. */
  onCredentialsChanged(session: Session): void;
}

/** How long a session closed for abuse may take to answer the close handshake before it is dropped. */
const ABUSER_CLOSE_GRACE_MS = 1000;

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

export function sendError(deps: HandlerDeps, s: Session, code: ErrorCode, message: string, ref?: string): void {
  deps.metrics.protocolErrors.inc({ code });
  s.sendControl(ref === undefined ? { type: 'error', code, message } : { type: 'error', code, message, ref });
}

/** Handles one inbound text frame. */
export function handleText(deps: HandlerDeps, s: Session, data: Buffer): void {
  deps.metrics.messagesReceived.inc();
  const ackedId = freeAck(s, data);
  if (ackedId !== undefined) {
    recordAck(s, ackedId);
    return;
  }
  if (!withinRateLimit(deps, s)) return;
  if (exceedsJsonDepth(data)) {
    sendError(deps, s, 'invalid_json', `frame nests deeper than ${MAX_JSON_DEPTH} levels`);
    return;
  }
  let msg: unknown;
  try {
    msg = JSON.parse(data.toString('utf8'));
  } catch {
    // V8's message quotes the input back; a fixed text never echoes a token a client pasted by mistake.
    sendError(deps, s, 'invalid_json', 'frame is not valid JSON');
    return;
  }
  handleMessage(deps, s, msg);
}

/** Spends one inbound-rate token; false (after the refusal or the abuse close) when none is left. */
export function withinRateLimit(deps: HandlerDeps, s: Session): boolean {
  if (!s.rate.take(deps.now())) {
    deps.metrics.rateLimited.inc();
    if (s.rate.violations > deps.config.rate_limit_max_violations) {
      deps.closeSession(s, 'policy_violation', CLOSE_CODES.policyViolation);
      // Do not spend CPU on the abuser's queued frames while waiting for its close frame.
      s.socket.pauseReading();
      setTimeout(() => s.socket.terminate(), ABUSER_CLOSE_GRACE_MS).unref();
      return false;
    }
    if (s.rate.violations === 1 || s.rate.violations % 10 === 0) sendError(deps, s, 'rate_limited', `more than ${deps.config.rate_limit_messages_per_sec} messages per second; slow down`);
    return false;
  }
  return true;
}

/** Handles one decoded client message (from a JSON text frame or a MessagePack binary frame). */
export function handleMessage(deps: HandlerDeps, s: Session, msg: unknown): void {
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) {
    sendError(deps, s, 'invalid_message', 'a message must be a JSON object with a "type"');
    return;
  }
  const type = (msg as { type?: unknown }).type;
  if (typeof type !== 'string') {
    sendError(deps, s, 'invalid_message', 'type: required string');
    return;
  }
  if (!hasOwn(CLIENT_MESSAGE_SCHEMAS, type)) {
    sendError(deps, s, 'unknown_message_type', `unknown message type "${type.slice(0, 64)}"`);
    return;
  }
  const schema = CLIENT_MESSAGE_SCHEMAS[type as ClientMessageType];
  const parsed = parseWith(schema, msg);
  if (!parsed.ok) {
    const ref = (msg as { subscription_id?: unknown }).subscription_id;
    sendError(deps, s, 'invalid_message', parsed.message, typeof ref === 'string' && ref.length <= 128 ? ref : undefined);
    return;
  }
  const m = parsed.value;
  switch (m.type) {
    case 'subscribe': return subscribe(deps, s, m);
    case 'unsubscribe': return unsubscribe(deps, s, m.subscription_id);
    case 'ping': {
      const now = new Date().toISOString();
      s.sendControl({ type: 'pong', timestamp: typeof m.timestamp === 'string' ? m.timestamp : now, server_time: now });
      return;
    }
    case 'ack':
      recordAck(s, m.message_id);
      return;
    case 'auth':
      void authenticate(deps, s, m.token);
      return;
  }
}

/** Acks are cumulative; ids never sent to this session are ignored by construction: only the latest claim is kept. */
export function recordAck(s: Session, messageId: string): void {
  s.lastAckedId = messageId;
}

function subscribe(deps: HandlerDeps, s: Session, m: SubscribeMessage): void {
  if (deps.config.require_auth_for_read && !s.credentials.scopes.has('subscribe')) {
    sendError(deps, s, 'forbidden', 'subscribing needs the "subscribe" scope', m.subscription_id);
    return;
  }
  const existing = s.subscriptions.get(m.subscription_id);
  if (!existing && s.subscriptions.size >= deps.config.max_subscriptions_per_session) {
    sendError(deps, s, 'subscription_limit', `at most ${deps.config.max_subscriptions_per_session} subscriptions per session`, m.subscription_id);
    return;
  }
  const filters = normalizeFilters(m.filters ?? undefined);
  const sub: Subscription = createSubscription(m.subscription_id, filters, s);
  if (existing) deps.hub.index.remove(existing);
  else deps.metrics.activeSubscriptions.inc();
  deps.hub.index.add(sub);
  s.subscriptions.set(sub.id, sub);
  s.sendControl({ type: 'subscribed', subscription_id: sub.id, filters });
  if (typeof m.resume_after === 'string') {
    replay(s, sub, m.resume_after, deps.hub.journal, deps.metrics, deps.hub.frames).catch((err: unknown) => {
      deps.logger.error('replay failed', { session: s.id, error: (err as Error).message });
      sendError(deps, s, 'internal_error', 'replay failed; resubscribe to try again', sub.id);
    });
  }
}

function unsubscribe(deps: HandlerDeps, s: Session, id: string): void {
  const sub = s.subscriptions.get(id);
  if (!sub) {
    sendError(deps, s, 'unknown_subscription', `no subscription "${id}" on this session`, id);
    return;
  }
  deps.hub.index.remove(sub);
  s.subscriptions.delete(id);
  deps.metrics.activeSubscriptions.dec();
  s.sendControl({ type: 'unsubscribed', subscription_id: id });
}

async function authenticate(deps: HandlerDeps, s: Session, token: string): Promise<void> {
  const creds = await deps.authenticator.verify(token);
  if (s.closed) return;
  if (!creds) {
    sendError(deps, s, 'unauthorized', 'token refused; the previous credentials stay in force');
    return;
  }
  s.credentials = creds;
  deps.onCredentialsChanged(s);
  s.sendControl({
    type: 'authenticated',
    expires_at: creds.expiresAt === null ? null : new Date(creds.expiresAt).toISOString(),
    scopes: [...creds.scopes],
  });
}

/** Removes every subscription of a closing session from the index. */
export function dropSubscriptions(deps: Pick<HandlerDeps, 'hub' | 'metrics'>, s: Session): void {
  for (const sub of s.subscriptions.values()) deps.hub.index.remove(sub);
  deps.metrics.activeSubscriptions.dec(s.subscriptions.size);
  s.subscriptions.clear();
}
