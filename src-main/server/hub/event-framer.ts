// Serializes one journaled event once per wire format and frames it once per distinct (subscription_ids, compression) pair.
import type { JournalEntry } from '../journal/journal.js';
import { encodeTextFrame, shareFrame, type SharedFrame } from '../transport/frames.js';
import type { WireFormat } from '../transport/socket-port.js';
import { eventMessageHead, eventMessagePayload } from '../transports/msgpack-codec.js';
import { SSE_CHUNK_END, sseEventHead } from '../sse/sse-chunks.js';

/** The end of an `event` frame written ahead of older events (PROTOCOL 1.1 §5), from the normal suffix `[...]}`. */
export function outOfOrderSuffix(suffix: string): string {
  return `${suffix.slice(0, -1)}${OUT_OF_ORDER_END}`;
}
const OUT_OF_ORDER_END = ',"out_of_order":true}';

/**
 * The event frame's JSON is `PREFIX + suffix` where the suffix is `["sub-a","sub-b"]}`: the shared prefix holds the
 * event, serialized once; only the small suffix differs between sessions, and equal suffixes share one frame.
 */
export class EventFramer {
  private prefix: Buffer | undefined;
  private readonly plain = new Map<string, SharedFrame>();
  private compressed: Map<number, Map<string, SharedFrame>> | undefined;
  /** MessagePack and SSE frames by format, window bits (0 without compression), then suffix; built only when asked for. */
  private others: Map<WireFormat, Map<number, Map<string, SharedFrame>>> | undefined;
  /** The MessagePack entries shared by every session (the event encoded once). */
  private msgpackHead: Buffer | undefined;
  /** Bytes of the prefix and every frame built so far. */
  retainedBytes = 0;

  /** `onGrow` hears of every byte this framer starts to retain (the frame cache keeps count). */
  constructor(readonly entry: JournalEntry, private readonly onGrow?: (bytes: number) => void) {}

  private prefixText(): string {
    const e = this.entry;
    return `{"type":"event","message_id":${JSON.stringify(e.messageId)},"timestamp":"${e.publishedAt}","event":${e.eventJson},"subscription_ids":`;
  }

  private prefixBytes(): Buffer {
    if (!this.prefix) {
      this.prefix = Buffer.from(this.prefixText());
      this.retain(this.prefix.length);
    }
    return this.prefix;
  }

  private retain(bytes: number): void {
    this.retainedBytes += bytes;
    this.onGrow?.(bytes);
  }

  /** The payload for one suffix: the first one is encoded straight from text, later ones reuse the prefix bytes. */
  private payload(suffix: string): Buffer {
    if (!this.prefix && this.plain.size === 0 && !this.compressed) return Buffer.from(this.prefixText() + suffix);
    return Buffer.concat([this.prefixBytes(), Buffer.from(suffix)]);
  }

  /** The complete frame for a session whose matching subscriptions serialize to `suffix`, in its wire format. */
  frameFor(suffix: string, windowBits: number | null, format: WireFormat = 'json'): SharedFrame {
    if (format !== 'json') return this.otherFrameFor(suffix, windowBits, format);
    let cache = this.plain;
    if (windowBits !== null) {
      this.compressed ??= new Map();
      let byBits = this.compressed.get(windowBits);
      if (!byBits) this.compressed.set(windowBits, (byBits = new Map()));
      cache = byBits;
    }
    let frame = cache.get(suffix);
    if (!frame) {
      frame = shareFrame(encodeTextFrame(this.payload(suffix), windowBits));
      cache.set(suffix, frame);
      this.retain(frame.bytes.length + suffix.length);
    }
    return frame;
  }

  /** MessagePack (a binary frame, compressed like JSON ones) or SSE (a text chunk, never compressed). */
  private otherFrameFor(suffix: string, windowBits: number | null, format: Exclude<WireFormat, 'json'>): SharedFrame {
    const bits = format === 'sse' ? 0 : windowBits ?? 0;
    this.others ??= new Map();
    let byBits = this.others.get(format);
    if (!byBits) this.others.set(format, (byBits = new Map()));
    let cache = byBits.get(bits);
    if (!cache) byBits.set(bits, (cache = new Map()));
    let frame = cache.get(suffix);
    if (!frame) {
      frame = shareFrame(format === 'sse' ? this.ssePayload(suffix) : encodeTextFrame(this.msgpackPayload(suffix), windowBits, true));
      cache.set(suffix, frame);
      this.retain(frame.bytes.length + suffix.length);
    }
    return frame;
  }

  private msgpackPayload(suffix: string): Buffer {
    if (!this.msgpackHead) {
      const e = this.entry;
      this.msgpackHead = eventMessageHead(e.messageId, e.publishedAt, e.event);
      this.retain(this.msgpackHead.length);
    }
    return eventMessagePayload(this.msgpackHead, suffix);
  }

  private ssePayload(suffix: string): Buffer {
    const head = sseEventHead(this.entry.messageId, suffix.endsWith(OUT_OF_ORDER_END));
    return Buffer.concat([Buffer.from(head), this.prefixBytes(), Buffer.from(suffix + SSE_CHUNK_END)]);
  }
}
