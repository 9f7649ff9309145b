// The relay trace a re-published event carries: where it was first published and which event streams it has passed through.
import { parseMessageId } from '../server/index.js';

/**
 * The extra field on a relayed event object. PROTOCOL.md lets readers ignore unknown fields and the event schemas keep
 * them, so the trace is journaled, replayed and relayed onward with the event, and clients that do not know it ignore it.
 */
export const RELAY_TRACE_FIELD = 'relay_trace';

/** Stands in the path for an upstream whose message ids do not name an event stream (a server that is not Incident Relay). */
export const UNKNOWN_STREAM = 'unknown';

export interface RelayTrace {
  /** The event's message id on the server that first published it: one id for every copy of the event. */
  origin_id: string;
  /** The event streams the event was journaled in before this one, oldest (the origin) first. */
  path: string[];
}

const MAX_ID_CHARS = 256;
/** Epochs are 12 hex digits (memory, SQLite and cluster journals); a little room either side for later formats. */
const STREAM_ID = /^[0-9a-f]{8,64}$/;

/**
 * The event stream an Incident Relay message id (`<epoch>-<seq>`) was issued by: the journal epoch, shared by every node of a
 * cluster and kept across restarts by a durable journal. Undefined for ids of other servers.
 */
export function streamIdOf(messageId: string): string | undefined {
  const epoch = parseMessageId(messageId)?.epoch;
  return epoch !== undefined && STREAM_ID.test(epoch) ? epoch : undefined;
}

/** The trace an event carries: absent (never relayed), well formed, or `malformed` (to be rebuilt from this hop). */
export function readTrace(event: object): RelayTrace | 'malformed' | undefined {
  const raw = (event as Record<string, unknown>)[RELAY_TRACE_FIELD];
  if (raw === undefined) return undefined;
  if (raw === null || typeof raw !== 'object') return 'malformed';
  const { origin_id: originId, path } = raw as Record<string, unknown>;
  if (typeof originId !== 'string' || originId.length === 0 || originId.length > MAX_ID_CHARS) return 'malformed';
  if (!Array.isArray(path) || !path.every((p): p is string => typeof p === 'string' && p.length > 0 && p.length <= MAX_ID_CHARS)) return 'malformed';
  return { origin_id: originId, path };
}

/** The id every copy of a journaled event shares: the trace's origin, or the event's own message id where it was first published. */
export function originIdOf(event: object, messageId: string): string {
  const trace = readTrace(event);
  return typeof trace === 'object' ? trace.origin_id : messageId;
}

/** The event with `trace` in place of whatever trace it carried. */
export function withTrace<T extends object>(event: T, trace: RelayTrace): T & { [RELAY_TRACE_FIELD]: RelayTrace } {
  return { ...event, [RELAY_TRACE_FIELD]: trace };
}
