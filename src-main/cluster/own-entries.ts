// What this node published, by the seq the stream acknowledged, until its own consumer delivers that seq.
import { formatMessageId, positionedEntry, type JournalEntry, type NewJournalEntry } from '../server/index.js';

/** `e` as the entry at `seq` of the stream whose ids have epoch `epoch`. */
export function positioned(e: NewJournalEntry, epoch: string, seq: number): JournalEntry {
  return positionedEntry(e, seq, formatMessageId(epoch, seq));
}

/**
 * The publishing node's own messages come back through its consumer like everyone's; decoding them again (the
 * body's JSON, the header, the subject's JSON) was a third of that node's receiving work. The entry the hub built
 * is taken from here instead, so every node still delivers in stream order from its consumer alone.
 */
export class OwnEntries {
  private readonly bySeq = new Map<number, NewJournalEntry>();

  constructor(private readonly epoch: string) {}

  /**
   * Keeps `entry`, stored at `seq`, unless the stream holds another copy (a duplicate: perhaps another node's) or it
   * is relayed (the header trims its origin), so that what is kept is exactly the stream's message; and unless the
   * consumer delivered `seq` already (`delivered` is the last seq it handed over).
   */
  remember(entry: NewJournalEntry, seq: number, duplicate: boolean, delivered: number): void {
    if (!duplicate && entry.origin === undefined && seq > delivered) this.bySeq.set(seq, entry);
  }

  /** The entry kept for `seq`, positioned, and forgotten; undefined when the message must be decoded. */
  take(seq: number): JournalEntry | undefined {
    const own = this.bySeq.get(seq);
    if (!own) return undefined;
    this.bySeq.delete(seq);
    return positioned(own, this.epoch, seq);
  }

  /** Forgets entries up to `delivered` that the consumer went past without taking (e.g. retention removed them first). */
  forgetUpTo(delivered: number): void {
    if (this.bySeq.size === 0) return;
    // Acks arrive in stream order, so keys are in ascending order.
    for (const seq of this.bySeq.keys()) {
      if (seq > delivered) break;
      this.bySeq.delete(seq);
    }
  }

  clear(): void {
    this.bySeq.clear();
  }
}
