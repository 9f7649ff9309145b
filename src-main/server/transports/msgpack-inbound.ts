// Inbound frames of a MessagePack session (PROTOCOL 1.1 §1): binary frames decoded into the same handling as JSON; text refused.
import { mayTakeFreeAck, takeFreeAck } from '../session/ack-fast-path.js';
import { handleMessage, recordAck, sendError, withinRateLimit, type HandlerDeps } from '../session/message-handler.js';
import type { Session } from '../session/session.js';
import { decodeInbound } from './msgpack-codec.js';

/**
 * Handles one binary frame: an ack within the session's credit skips the rate limit (as on JSON sessions), every
 * other frame spends a token before it is decoded, and a frame that is not one MessagePack message answers `invalid_json`.
 */
export function handleMsgpackFrame(deps: HandlerDeps, s: Session, data: Buffer): void {
  deps.metrics.messagesReceived.inc();
  if (mayTakeFreeAck(s, data)) {
    const small = decodeInbound(data);
    const ackedId = small.ok ? takeFreeAck(s, small.value) : undefined;
    if (ackedId !== undefined) {
      recordAck(s, ackedId);
      return;
    }
  }
  if (!withinRateLimit(deps, s)) return;
  const decoded = decodeInbound(data);
  if (!decoded.ok) {
    sendError(deps, s, decoded.code, decoded.message);
    return;
  }
  handleMessage(deps, s, decoded.value);
}

/** A text frame on a MessagePack session is not part of its protocol: `unsupported_frame`, the session stays. */
export function refuseTextFrame(deps: HandlerDeps, s: Session): void {
  deps.metrics.messagesReceived.inc();
  sendError(deps, s, 'unsupported_frame', 'text frames are not part of the MessagePack subprotocol; send MessagePack binary frames');
}
