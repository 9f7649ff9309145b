// Server-Sent Events chunks (PROTOCOL 1.1 §1): an event with its `id:`, other messages by type, the heartbeat comment.
import type { ServerMessage } from '../../../src-shared/protocol/index.js';

/** The comment line written every `heartbeat_interval_secs` (EventSource ignores it; proxies see traffic). */
export const SSE_HEARTBEAT = Buffer.from(': heartbeat\n\n');

/**
 * The start of an `event` chunk, up to the event message's JSON. An `out_of_order` event carries no `id:` line, so an
 * EventSource keeps its Last-Event-ID at the last event received in order (PROTOCOL 1.1 §5 client rule).
 */
export function sseEventHead(messageId: string, outOfOrder: boolean): string {
  return outOfOrder ? 'event: event\ndata: ' : `id: ${messageId}\nevent: event\ndata: `;
}

/** The end of every chunk. */
export const SSE_CHUNK_END = '\n\n';

/** A message other than `event`: its type as the SSE event name, the JSON object (one line) as data. */
export function sseMessageChunk(msg: ServerMessage): Buffer {
  return Buffer.from(`event: ${msg.type}\ndata: ${JSON.stringify(msg)}\n\n`);
}
