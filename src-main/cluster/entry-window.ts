// The newest entries of the shared stream that this node delivered, in memory: fast replays and relay de-duplication.
import type { JournalEntry } from '../server/journal/journal.js';

export class EntryWindow {
  private entries: JournalEntry[] = [];
  private head = 0; // index of the oldest held entry
  private readonly origins = new Map<string, number>();
  /** Every stream entry with seq ≥ this that this node delivered is held (the stream may lack some seqs). */
  private completeFrom: number;

  constructor(private readonly capacity: number, startSeq: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`window capacity must be a positive integer, got ${capacity}`);
    this.completeFrom = startSeq;
  }

  /** Adds the next delivered entry (seq strictly above every held one). */
  push(entry: JournalEntry): void {
    this.entries.push(entry);
    if (entry.origin) this.origins.set(entry.origin, (this.origins.get(entry.origin) ?? 0) + 1);
    if (this.entries.length - this.head > this.capacity) this.evictOldest();
  }

  /** Whether `readAfter(afterSeq, …)` can be answered from memory. */
  covers(afterSeq: number): boolean {
    return afterSeq + 1 >= this.completeFrom;
  }

  /** Up to `limit` held entries with seq > `afterSeq`, oldest first. */
  readAfter(afterSeq: number, limit: number): JournalEntry[] {
    let lo = this.head;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.seq <= afterSeq) lo = mid + 1;
      else hi = mid;
    }
    return this.entries.slice(lo, lo + limit);
  }

  size(): number {
    return this.entries.length - this.head;
  }

  hasOrigin(origin: string): boolean {
    return this.origins.has(origin);
  }

  lastOrigin(prefix: string): string | undefined {
    for (let i = this.entries.length - 1; i >= this.head; i--) {
      const o = this.entries[i]!.origin;
      if (o && o.startsWith(prefix)) return o;
    }
    return undefined;
  }

  private evictOldest(): void {
    const old = this.entries[this.head]!;
    this.head += 1;
    this.completeFrom = old.seq + 1;
    if (old.origin) {
      const n = (this.origins.get(old.origin) ?? 1) - 1;
      if (n <= 0) this.origins.delete(old.origin);
      else this.origins.set(old.origin, n);
    }
    // Compact once the dead prefix is as large as the live part, so the array stays bounded.
    if (this.head >= this.capacity) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}
