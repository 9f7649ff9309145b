// In-memory journal: a ring of the last `capacity` events (broadcast_capacity), for tests and --no-journal runs.
import { randomBytes } from 'node:crypto';
import { formatMessageId, parseMessageId, type Journal, type JournalEntry, type NewJournalEntry, type ResumePoint } from './journal.js';

export class MemoryJournal implements Journal {
  readonly epoch: string;
  private readonly entries: JournalEntry[] = [];
  private head = 0; // index of the oldest retained entry in `entries`
  private seq = 0;
  private readonly origins = new Set<string>();

  constructor(private readonly capacity: number, epoch = randomBytes(6).toString('hex')) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`journal capacity must be a positive integer, got ${capacity}`);
    this.epoch = epoch;
  }

  append(batch: readonly NewJournalEntry[]): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (const e of batch) {
      this.seq += 1;
      const entry: JournalEntry = { ...e, seq: this.seq, messageId: formatMessageId(this.epoch, this.seq) };
      this.entries.push(entry);
      if (e.origin) this.origins.add(e.origin);
      out.push(entry);
    }
    this.prune();
    return out;
  }

  locate(messageId: string): ResumePoint {
    const p = parseMessageId(messageId);
    if (!p || p.epoch !== this.epoch || p.seq > this.seq || p.seq < this.firstSeq()) return { known: false };
    return { known: true, seq: p.seq };
  }

  readAfter(afterSeq: number, limit: number): JournalEntry[] {
    const retained = this.entries.length - this.head;
    if (retained === 0) return [];
    const firstRetainedSeq = this.entries[this.head]!.seq;
    const start = this.head + Math.max(0, afterSeq + 1 - firstRetainedSeq);
    return this.entries.slice(start, start + limit);
  }

  firstSeq(): number {
    return this.head < this.entries.length ? this.entries[this.head]!.seq - 1 : this.seq;
  }

  lastSeq(): number {
    return this.seq;
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

  close(): void {
    this.entries.length = 0;
    this.head = 0;
  }

  private prune(): void {
    const excess = this.entries.length - this.head - this.capacity;
    if (excess <= 0) return;
    for (let i = this.head; i < this.head + excess; i++) {
      const o = this.entries[i]!.origin;
      if (o) this.origins.delete(o);
    }
    this.head += excess;
    // Compact occasionally so the array does not grow without bound.
    if (this.head > this.capacity) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
  }
}
