// The reference for fuzzing: how many replies PROTOCOL.md sections 3 and 6 promise for a frame, computed with the shared schemas.
import { CLIENT_MESSAGE_SCHEMAS, type ClientMessageType } from '../../../src-shared/protocol/index.js';
import type { FuzzFrame } from './frame-arbitraries.js';

/** Reply frame types that answer a request one-to-one (events and replay_complete are not answers). */
export const ANSWER_TYPES: ReadonlySet<string> = new Set(['error', 'subscribed', 'unsubscribed', 'pong', 'authenticated']);

export interface Expected {
  /** Answers owed: 0 for a valid ack, else 1. */
  replies: number;
  /** The answer must be an `error` (the frame is invalid). */
  mustBeError: boolean;
  /** A valid ping (its answer is a pong). */
  isPing: boolean;
}

/** What a frame that does not close the connection must get back. */
export function expectedFor(frame: FuzzFrame): Expected {
  const error: Expected = { replies: 1, mustBeError: true, isPing: false };
  if (frame.kind === 'binary') return error;
  let msg: unknown;
  try {
    msg = JSON.parse(frame.data.toString('utf8'));
  } catch {
    return error;
  }
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) return error;
  const type = (msg as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(CLIENT_MESSAGE_SCHEMAS, type)) return error;
  let ok: boolean;
  try {
    ok = CLIENT_MESSAGE_SCHEMAS[type as ClientMessageType].safeParse(msg).success;
  } catch {
    return error;
  }
  if (!ok) return error;
  return { replies: type === 'ack' ? 0 : 1, mustBeError: false, isPing: type === 'ping' };
}
