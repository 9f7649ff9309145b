// Serializes one journaled event once and frames it once per distinct (subscription_ids, compression) pair.
import type { JournalEntry } from '../journal/journal.js';
import { encodeTextFrame, shareFrame, type SharedFrame } from '../transport/frames.js';

/**
 * The event frame's JSON is `PREFIX + suffix` where the suffix is `["sub-a","sub-b"]}`: the shared prefix holds the
 * event, serialized once; only the small suffix differs between sessions, and equal suffixes share one frame.
 */
export class EventFramer {
  private prefix: Buffer | undefined;
  private readonly plain = new Map<string, SharedFrame>();
  private compressed: Map<number, Map<string, SharedFrame>> | undefined;

  constructor(readonly entry: JournalEntry) {}

  private prefixText(): string {
    const e = this.entry;
    return `{"type":"event","message_id":${JSON.stringify(e.messageId)},"timestamp":"${e.publishedAt}","event":${e.eventJson},"subscription_ids":`;
  }

  private prefixBytes(): Buffer {
    this.prefix ??= Buffer.from(this.prefixText());
    return this.prefix;
  }

  /** The payload for one suffix: the first one is encoded straight from text, later ones reuse the prefix bytes. */
  private payload(suffix: string): Buffer {
    if (!this.prefix && this.plain.size === 0 && !this.compressed) return Buffer.from(this.prefixText() + suffix);
    return Buffer.concat([this.prefixBytes(), Buffer.from(suffix)]);
  }

  /** The complete frame for a session whose matching subscriptions serialize to `suffix`. */
  frameFor(suffix: string, windowBits: number | null): SharedFrame {
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
    }
    return frame;
  }
}
