// The newest entries of the shared stream that this node delivered, in memory: fast replays and relay de-duplication.
import { EntryRing, type JournalEntry } from '../server/index.js';

export class EntryWindow {
  private readonly ring: EntryRing;
  /** Every stream entry with seq ≥ this that this node delivered is held (the stream may lack some seqs). */
  private completeFrom: number;

  constructor(capacity: number, startSeq: number) {
    this.ring = new EntryRing(capacity, 'window');
    this.completeFrom = startSeq;
  }

  /** Adds the next delivered entry (seq strictly above every held one). */
  push(entry: JournalEntry): void {
    const evicted = this.ring.push(entry);
    if (evicted) this.completeFrom = evicted.seq + 1;
  }

  /** Whether `readAfter(afterSeq, …)` can be answered from memory. */
  covers(afterSeq: number): boolean {
    return afterSeq + 1 >= this.completeFrom;
  }

  /** Up to `limit` held entries with seq > `afterSeq`, oldest first. */
  readAfter(afterSeq: number, limit: number): JournalEntry[] {
    return this.ring.readAfter(afterSeq, limit);
  }

  size(): number {
    return this.ring.size();
  }

  hasOrigin(origin: string): boolean {
    return this.ring.hasOrigin(origin);
  }

  lastOrigin(prefix: string): string | undefined {
    return this.ring.lastOrigin(prefix);
  }
}
