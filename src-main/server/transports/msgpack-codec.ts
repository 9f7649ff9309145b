// The MessagePack wire format (PROTOCOL 1.1 §1): control messages, an event frame's payload from parts built once, inbound decoding.
import { Decoder, Encoder } from '@msgpack/msgpack';
import type { ErrorCode } from '../../../src-shared/protocol/index.js';
import { MAX_JSON_DEPTH } from '../transport/json-depth.js';

const encoder = new Encoder({ ignoreUndefined: true });
const decoder = new Decoder();

/** The MessagePack form of a JSON object: maps with string keys, strings for timestamps, no extension types. */
export function encodeMsgpack(value: unknown): Buffer {
  const bytes = encoder.encode(value);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A fixmap header byte for a map of fewer than 16 entries. */
const fixmapHeader = (entries: number): Buffer => Buffer.from([0x80 | entries]);
/** Entries of an event message before `subscription_ids`: type, message_id, timestamp, event. */
const EVENT_HEAD_ENTRIES = 4;

/**
 * The entries `type`, `message_id`, `timestamp` and `event` of an `event` message, without the map header: the part
 * of the frame that is the same for every session (the event is encoded once here).
 */
export function eventMessageHead(messageId: string, publishedAt: string, event: unknown): Buffer {
  const whole = encodeMsgpack({ type: 'event', message_id: messageId, timestamp: publishedAt, event });
  return whole.subarray(1);
}

/**
 * The whole `event` payload from its shared head and the JSON framer's suffix (`["a","b"]}`, or the `out_of_order`
 * variant), so that both formats take the same keys in the same order from one place.
 */
export function eventMessagePayload(head: Buffer, jsonSuffix: string): Buffer {
  const tail = JSON.parse(`{"subscription_ids":${jsonSuffix}`) as Record<string, unknown>;
  const parts: Buffer[] = [Buffer.alloc(0), head];
  for (const [key, value] of Object.entries(tail)) parts.push(encodeMsgpack(key), encodeMsgpack(value));
  parts[0] = fixmapHeader(EVENT_HEAD_ENTRIES + (parts.length - 2) / 2);
  return Buffer.concat(parts);
}

export type DecodedInbound = { ok: true; value: unknown } | { ok: false; code: ErrorCode; message: string };

/** Why a decoded value is not the MessagePack form of a JSON value (an extension, binary data, too deep), or undefined. */
function jsonShapeProblem(root: unknown): string | undefined {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_JSON_DEPTH) return `message nests deeper than ${MAX_JSON_DEPTH} levels`;
    if (Array.isArray(value)) {
      for (const item of value) stack.push([item, depth + 1]);
      continue;
    }
    if (Object.getPrototypeOf(value) !== Object.prototype) return 'extension and binary types are not part of the protocol';
    for (const item of Object.values(value)) stack.push([item, depth + 1]);
  }
  return undefined;
}

/** Decodes one inbound binary frame of a MessagePack session into the message it holds, or the error to answer. */
export function decodeInbound(data: Buffer): DecodedInbound {
  let value: unknown;
  try {
    value = decoder.decode(data);
  } catch {
    // The decoder's message may quote the input; a fixed text never echoes a token sent by mistake.
    return { ok: false, code: 'invalid_json', message: 'frame is not valid MessagePack (one message per binary frame)' };
  }
  const problem = jsonShapeProblem(value);
  if (problem) return { ok: false, code: problem.startsWith('message nests') ? 'invalid_json' : 'invalid_message', message: problem };
  return { ok: true, value };
}
