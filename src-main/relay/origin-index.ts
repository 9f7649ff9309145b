// The origin ids of the events this server journaled most recently: a copy arriving by a second route is known here.
import type { Journal, JournalEntry } from '../server/index.js';
import { originIdOf, streamIdOf } from './relay-trace.js';

/** How many origin ids are remembered (oldest forgotten first); about 100 bytes each. */
export const DEFAULT_ORIGIN_CAPACITY = 50_000;
/** How many of the newest journaled events are read at start (a durable journal's tail). */
const SEED_LIMIT = 10_000;

export class OriginIndex {
  /** Insertion-ordered: the first key is the oldest. */
  private readonly ids = new Map<string, true>();

  constructor(private readonly capacity = DEFAULT_ORIGIN_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`origin index capacity must be a positive integer, got ${capacity}`);
  }

  /** Reads the journal's newest entries, so a restarted app still knows what it journaled just before. */
  seed(journal: Pick<Journal, 'readAfter' | 'lastSeq' | 'firstSeq'>): void {
    const limit = Math.min(SEED_LIMIT, this.capacity);
    const after = Math.max(journal.firstSeq(), journal.lastSeq() - limit);
    for (const entry of journal.readAfter(after, limit)) this.addEntry(entry);
  }

  /** Records a journaled event (the server's `onEvent` listener). */
  addEntry(entry: Pick<JournalEntry, 'event' | 'messageId'>): void {
    this.add(originIdOf(entry.event, entry.messageId));
  }

  /**
   * Only ids that name their event stream (Incident Relay's `<epoch>-<seq>`) are unique across servers; others (`evt-1`
   * from two different servers) could collide, so they are neither kept nor ever reported as known.
   */
  add(originId: string): void {
    if (streamIdOf(originId) === undefined) return;
    this.ids.delete(originId);
    this.ids.set(originId, true);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.keys().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
  }

  has(originId: string): boolean {
    return this.ids.has(originId);
  }

  /** Forgets an id whose publish failed, so the copy fetched again is not taken for a duplicate. */
  delete(originId: string): void {
    this.ids.delete(originId);
  }

  get size(): number {
    return this.ids.size;
  }
}
