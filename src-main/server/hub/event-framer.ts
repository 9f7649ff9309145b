// Serializes one journaled event once and frames it once per distinct (subscription_ids, compression) pair.
import type { JournalEntry } from '../journal/journal.js';
import { encodeTextFrame } from '../transport/frames.js';

/**
 * The event frame's JSON is `PREFIX + JSON.stringify(subscription_ids) + "}"`: the shared prefix holds the
 * event, serialized once; only the small suffix differs between sessions.
 */
export class EventFramer {
  private prefix: Buffer | undefined;
  private readonly frames = new Map<string, Buffer>();

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

  /** The complete frame for a session whose matching subscriptions are `ids`. */
  frameFor(ids: readonly string[], windowBits: number | null): Buffer {
    const suffix = ids.length === 1 ? `["${escapeId(ids[0]!)}"]}` : `${JSON.stringify(ids)}}`;
    const key = windowBits === null ? suffix : `${windowBits}\u0000${suffix}`;
    let frame = this.frames.get(key);
    if (!frame) {
      const payload = Buffer.concat([this.prefixBytes(), Buffer.from(suffix)]);
      frame = encodeTextFrame(payload, windowBits);
      this.frames.set(key, frame);
    }
    return frame;
  }
}

/** JSON string body of a subscription id (without quotes). */
function escapeId(id: string): string {
  return /^[\w.:@/+-]*$/.test(id) ? id : JSON.stringify(id).slice(1, -1);
}
