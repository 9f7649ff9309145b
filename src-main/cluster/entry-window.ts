// The newest entries of the shared stream that this node delivered, in memory: fast replays and relay de-duplication.
import { EntryRing, type JournalEntry } from '../server/index.js';

export class EntryWindow {
  /** The held entries: replays (`readAfter`) and origin look-ups read them directly. */
  readonly entries: EntryRing;
  /** Every stream entry with seq ≥ this that this node delivered is held (the stream may lack some seqs). */
  private completeFrom: number;

  constructor(capacity: number, startSeq: number) {
    this.entries = new EntryRing(capacity, 'window');
    this.completeFrom = startSeq;
  }

  /** Adds the next delivered entry (seq strictly above every held one). */
  push(entry: JournalEntry): void {
    const evicted = this.entries.push(entry);
    if (evicted) this.completeFrom = evicted.seq + 1;
  }

  /** Whether `readAfter(afterSeq, …)` can be answered from memory. */
  covers(afterSeq: number): boolean {
    return afterSeq + 1 >= this.completeFrom;
  }
}
