// Baseline server sessions: welcome, subscribe/unsubscribe/ping handling, and the plain per-socket event fan-out.
import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import {
  matchesFilters, normalizeFilters, parseWith, SubscribeSchema, UnsubscribeSchema,
  type ErrorCode, type Filters, type IncidentEvent, type Subject,
} from '../../src-shared/protocol/index.js';

export interface BaselineSession {
  ws: WebSocket;
  subscriptions: Map<string, Filters>;
  /** Last inbound message or pong (ms since the epoch). */
  lastSeenAt: number;
}

const send = (s: BaselineSession, msg: object): void => { s.ws.send(JSON.stringify(msg)); };
const fail = (s: BaselineSession, code: ErrorCode, message: string, ref?: string): void =>
  send(s, { type: 'error', code, message, ...(ref ? { ref } : {}) });

/** Greets a new connection the way PROTOCOL.md section 2 says. */
export function welcome(s: BaselineSession, heartbeatIntervalSecs: number): void {
  send(s, { type: 'welcome', session_id: randomUUID(), server_time: new Date().toISOString(), heartbeat_interval_secs: heartbeatIntervalSecs, protocol: 'v1' });
}

/** Handles one client frame: subscribe, unsubscribe, ping; ack is accepted silently. */
export function handleFrame(s: BaselineSession, data: Buffer, isBinary: boolean, maxSubscriptions: number): void {
  if (isBinary) return fail(s, 'unsupported_frame', 'binary frames are not part of v1');
  let msg: { type?: unknown };
  try {
    msg = JSON.parse(data.toString('utf8')) as { type?: unknown };
  } catch (err) {
    return fail(s, 'invalid_json', (err as Error).message);
  }
  switch (msg.type) {
    case 'subscribe': {
      const p = parseWith(SubscribeSchema, msg);
      if (!p.ok) return fail(s, 'invalid_message', p.message);
      const id = p.value.subscription_id;
      if (!s.subscriptions.has(id) && s.subscriptions.size >= maxSubscriptions) {
        return fail(s, 'subscription_limit', `at most ${maxSubscriptions} subscriptions per session`, id);
      }
      const filters = normalizeFilters(p.value.filters ?? undefined);
      s.subscriptions.set(id, filters);
      return send(s, { type: 'subscribed', subscription_id: id, filters });
    }
    case 'unsubscribe': {
      const p = parseWith(UnsubscribeSchema, msg);
      if (!p.ok) return fail(s, 'invalid_message', p.message);
      if (!s.subscriptions.delete(p.value.subscription_id)) return fail(s, 'unknown_subscription', 'no such subscription', p.value.subscription_id);
      return send(s, { type: 'unsubscribed', subscription_id: p.value.subscription_id });
    }
    case 'ping': {
      const ts = (msg as { timestamp?: unknown }).timestamp;
      return send(s, { type: 'pong', timestamp: typeof ts === 'string' ? ts : new Date().toISOString() });
    }
    case 'ack': return;
    default: return fail(s, 'unknown_message_type', `unknown message type ${JSON.stringify(msg.type)}`);
  }
}

/**
 * The plain way: every session's subscriptions are scanned for every event, and `JSON.stringify` runs once per
 * distinct `subscription_ids` list (so once per event when every session holds the same ids), then `ws.send`
 * per socket, which encodes, frames and — with permessage-deflate — compresses per socket. Returns deliveries.
 */
export function fanOut(sessions: Iterable<BaselineSession>, messageId: string, timestamp: string, event: IncidentEvent, subject: Subject): number {
  const frames = new Map<string, string>();
  let delivered = 0;
  for (const s of sessions) {
    if (s.ws.readyState !== s.ws.OPEN) continue;
    let ids: string[] | undefined;
    for (const [id, filters] of s.subscriptions) if (matchesFilters(filters, event.event_type, subject)) (ids ??= []).push(id);
    if (!ids) continue;
    const key = ids.join('\n');
    let text = frames.get(key);
    if (text === undefined) {
      text = JSON.stringify({ type: 'event', message_id: messageId, timestamp, event, subscription_ids: ids });
      frames.set(key, text);
    }
    s.ws.send(text);
    delivered += 1;
  }
  return delivered;
}
