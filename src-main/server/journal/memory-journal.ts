// In-memory journal: a ring of the last `capacity` events (broadcast_capacity), for tests and --no-journal runs.
import { randomBytes } from 'node:crypto';
import { EntryRing } from './entry-ring.js';
import { formatMessageId, parseMessageId, positionedEntry, type Journal, type JournalEntry, type NewJournalEntry, type ResumePoint } from './journal.js';

export class MemoryJournal implements Journal {
  readonly epoch: string;
  private readonly ring: EntryRing;
  private seq = 0;

  constructor(capacity: number, epoch = randomBytes(6).toString('hex')) {
    this.ring = new EntryRing(capacity, 'journal');
    this.epoch = epoch;
  }

  append(batch: readonly NewJournalEntry[]): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (const e of batch) {
      this.seq += 1;
      const entry: JournalEntry = positionedEntry(e, this.seq, formatMessageId(this.epoch, this.seq));
      this.ring.push(entry);
      out.push(entry);
    }
    return out;
  }

  locate(messageId: string): ResumePoint {
    const p = parseMessageId(messageId);
    if (!p || p.epoch !== this.epoch || p.seq > this.seq || p.seq < this.firstSeq()) return { known: false };
    return { known: true, seq: p.seq };
  }

  readAfter(afterSeq: number, limit: number): JournalEntry[] {
    return this.ring.readAfter(afterSeq, limit);
  }

  firstSeq(): number {
    const oldest = this.ring.oldest();
    return oldest ? oldest.seq - 1 : this.seq;
  }

  lastSeq(): number {
    return this.seq;
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

  close(): void {
    this.ring.clear();
  }
}
