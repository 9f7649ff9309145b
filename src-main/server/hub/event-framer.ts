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

  private prefixBytes(): Buffer {
    if (!this.prefix) {
      const e = this.entry;
      this.prefix = Buffer.from(
        `{"type":"event","message_id":${JSON.stringify(e.messageId)},"timestamp":"${e.publishedAt}","event":${e.eventJson},"subscription_ids":`,
      );
    }
    return this.prefix;
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
      frame = shareFrame(encodeTextFrame(Buffer.concat([this.prefixBytes(), Buffer.from(suffix)]), windowBits));
      cache.set(suffix, frame);
    }
    return frame;
  }
}
