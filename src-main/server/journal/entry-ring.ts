// The newest `capacity` journal entries in memory, oldest first, with origin look-ups: shared by MemoryJournal and EntryWindow.
import type { JournalEntry } from './journal.js';

export class EntryRing {
  private readonly entries: JournalEntry[] = [];
  private head = 0; // index of the oldest held entry in `entries`
  /** Origin → how many held entries carry it, so evicting an older copy keeps a newer one visible. */
  private readonly origins = new Map<string, number>();

  /** `what` names the ring in the error for a bad capacity (e.g. "journal", "window"). */
  constructor(private readonly capacity: number, what = 'ring') {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`${what} capacity must be a positive integer, got ${capacity}`);
  }

  /** Adds an entry whose seq is above every held one; returns the oldest entry if it had to make room. */
  push(entry: JournalEntry): JournalEntry | undefined {
    this.entries.push(entry);
    if (entry.origin) this.origins.set(entry.origin, (this.origins.get(entry.origin) ?? 0) + 1);
    return this.entries.length - this.head > this.capacity ? this.evictOldest() : undefined;
  }

  /** Up to `limit` held entries with seq > `afterSeq`, oldest first (seqs may have gaps). */
  readAfter(afterSeq: number, limit: number): JournalEntry[] {
    const oldest = this.entries[this.head];
    if (!oldest) return [];
    // Seqs rise by at least 1 per entry, so the first entry above `afterSeq` is at most `afterSeq + 1 - oldest.seq`
    // places in: without gaps (MemoryJournal) that bound is the answer, with gaps a binary search below it finds it.
    let lo = this.head;
    let hi = Math.min(this.entries.length, this.head + Math.max(0, Math.floor(afterSeq) + 1 - oldest.seq));
    if (hi > lo && this.entries[hi - 1]!.seq <= afterSeq) lo = hi;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.seq <= afterSeq) lo = mid + 1;
      else hi = mid;
    }
    return this.entries.slice(lo, lo + limit);
  }

  /** The oldest held entry, if any. */
  oldest(): JournalEntry | undefined {
    return this.head < this.entries.length ? this.entries[this.head] : undefined;
  }

  size(): number {
    return this.entries.length - this.head;
  }

  hasOrigin(origin: string): boolean {
    return this.origins.has(origin);
  }

  /** The origin of the newest held entry whose origin starts with `prefix`. */
  lastOrigin(prefix: string): string | undefined {
    for (let i = this.entries.length - 1; i >= this.head; i--) {
      const o = this.entries[i]!.origin;
      if (o && o.startsWith(prefix)) return o;
    }
    return undefined;
  }

  /** Drops every held entry and origin. */
  clear(): void {
    this.entries.length = 0;
    this.head = 0;
    this.origins.clear();
  }

  private evictOldest(): JournalEntry {
    const old = this.entries[this.head]!;
    this.head += 1;
    if (old.origin) {
      const n = (this.origins.get(old.origin) ?? 1) - 1;
      if (n <= 0) this.origins.delete(old.origin);
      else this.origins.set(old.origin, n);
    }
    // Once the dead prefix is as large as the capacity, move the live part down in place so the array stays bounded.
    if (this.head >= this.capacity) {
      this.entries.copyWithin(0, this.head);
      this.entries.length -= this.head;
      this.head = 0;
    }
    return old;
  }
}
