// Reads an upstream's frames at the edge: JSON (or decoded MessagePack), then the few fields the relay relies on, each checked.
import { z } from 'zod';
import { parseWith } from '../../src-shared/protocol/index.js';

const Welcome = z.looseObject({ type: z.literal('welcome'), session_id: z.string().max(256).optional() });
const Subscribed = z.looseObject({ type: z.literal('subscribed'), subscription_id: z.string() });
const Event = z.looseObject({
  type: z.literal('event'), message_id: z.string().min(1).max(256), timestamp: z.string().optional(), event: z.unknown(),
  out_of_order: z.boolean().optional(),
});
const ReplayComplete = z.looseObject({
  type: z.literal('replay_complete'), subscription_id: z.string(), replayed: z.number().optional(), gap: z.boolean().optional(),
});
const ErrorFrame = z.looseObject({ type: z.literal('error'), code: z.string(), message: z.string().optional(), ref: z.string().optional() });
const Closing = z.looseObject({ type: z.literal('closing'), reason: z.string().optional() });

/** One upstream frame as the relay sees it. */
export type UpstreamFrame =
  | { type: 'welcome'; sessionId?: string }
  | { type: 'subscribed'; subscriptionId: string }
  /** `outOfOrder`: written ahead of older events (PROTOCOL 1.1 §5); the resume point must not move to it. */
  | { type: 'event'; messageId: string; timestamp?: string; event: unknown; outOfOrder: boolean }
  | { type: 'replay_complete'; subscriptionId: string; replayed: number; gap: boolean }
  | { type: 'error'; code: string; message: string; ref?: string }
  | { type: 'closing'; reason: string }
  /** pong, authenticated, unsubscribed and anything newer: traffic, nothing to act on. */
  | { type: 'other'; name: string }
  | { type: 'invalid'; reason: string };

/** Parses one text frame; never throws. */
export function parseUpstreamFrame(text: string): UpstreamFrame {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { type: 'invalid', reason: `not JSON: ${(err as Error).message}` };
  }
  return parseUpstreamMessage(raw);
}

/** Checks one decoded message (from JSON or MessagePack); never throws. */
export function parseUpstreamMessage(raw: unknown): UpstreamFrame {
  const type = raw !== null && typeof raw === 'object' ? (raw as { type?: unknown }).type : undefined;
  if (typeof type !== 'string') return { type: 'invalid', reason: 'a frame must be an object with a string "type"' };
  switch (type) {
    case 'welcome': {
      const r = parseWith(Welcome, raw);
      return r.ok ? { type, sessionId: r.value.session_id } : { type: 'invalid', reason: `welcome: ${r.message}` };
    }
    case 'subscribed': {
      const r = parseWith(Subscribed, raw);
      return r.ok ? { type, subscriptionId: r.value.subscription_id } : { type: 'invalid', reason: `subscribed: ${r.message}` };
    }
    case 'event': {
      const r = parseWith(Event, raw);
      return r.ok
        ? { type, messageId: r.value.message_id, timestamp: r.value.timestamp, event: r.value.event, outOfOrder: r.value.out_of_order === true }
        : { type: 'invalid', reason: `event: ${r.message}` };
    }
    case 'replay_complete': {
      const r = parseWith(ReplayComplete, raw);
      return r.ok
        ? { type, subscriptionId: r.value.subscription_id, replayed: r.value.replayed ?? 0, gap: r.value.gap ?? false }
        : { type: 'invalid', reason: `replay_complete: ${r.message}` };
    }
    case 'error': {
      const r = parseWith(ErrorFrame, raw);
      return r.ok
        ? { type, code: r.value.code, message: r.value.message ?? '', ref: r.value.ref }
        : { type: 'invalid', reason: `error: ${r.message}` };
    }
    case 'closing': {
      const r = parseWith(Closing, raw);
      return r.ok ? { type, reason: r.value.reason ?? 'unspecified' } : { type: 'invalid', reason: `closing: ${r.message}` };
    }
    default:
      return { type: 'other', name: type };
  }
}
