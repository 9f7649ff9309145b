// A control message (welcome, subscribed, pong, error, closing, ...) as the bytes of a session's wire format.
import type { ServerMessage } from '../../../src-shared/protocol/index.js';
import { binaryFrame, textFrame } from '../transport/frames.js';
import type { WireFormat } from '../transport/socket-port.js';
import { sseMessageChunk } from '../sse/sse-chunks.js';
import { encodeMsgpack } from './msgpack-codec.js';

/**
 * The frame for one control message: a JSON text frame, a MessagePack binary frame, or an SSE chunk. Null when the
 * format has no such message: an SSE stream's liveness is its `: heartbeat` comment, so it gets no `pong`.
 */
export function controlFrameFor(format: WireFormat, msg: ServerMessage): Buffer | null {
  switch (format) {
    case 'json': return textFrame(Buffer.from(JSON.stringify(msg)));
    case 'msgpack': return binaryFrame(encodeMsgpack(msg));
    case 'sse': return msg.type === 'pong' ? null : sseMessageChunk(msg);
  }
}
