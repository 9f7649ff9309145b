// Acks outside the inbound rate limit (PROTOCOL 1.1 section 3): one free ack per event sent to the session, plus slack.
import { AckSchema } from '../../../src-shared/protocol/index.js';
import type { Session } from './session.js';

/** An ack frame is `{"type":"ack","message_id":"..."}`; anything longer is not taken on the fast path. */
const ACK_FRAME_MAX_BYTES = 512;
/** Free acks beyond the events sent (a client may ack a replayed id twice, or ack once more after a resume). */
const ACK_SLACK = 64;
const ACK_MARKER = Buffer.from('"ack"');

/**
 * The message id when `data` is an ack the session may send without spending an inbound-rate token, else undefined
 * (the frame then goes through the rate limit and the normal parser). A client can never ack more often than events
 * reach it, so this cannot be used to flood the server: past its credit an ack is an ordinary message.
 */
export function freeAck(s: Session, data: Buffer): string | undefined {
  if (!mayTakeFreeAck(s, data) || !data.includes(ACK_MARKER)) return undefined;
  let msg: unknown;
  try {
    msg = JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
  return takeFreeAck(s, msg);
}

/** Whether a frame of this size may be an ack taken outside the rate limit (small enough, credit left). */
export function mayTakeFreeAck(s: Session, data: Buffer): boolean {
  return data.length <= ACK_FRAME_MAX_BYTES && s.freeAcks < s.eventsSent + ACK_SLACK;
}

/** The message id when the decoded `msg` is a valid ack (spending one free ack), else undefined. */
export function takeFreeAck(s: Session, msg: unknown): string | undefined {
  const ack = AckSchema.safeParse(msg);
  if (!ack.success) return undefined;
  s.freeAcks += 1;
  return ack.data.message_id;
}
