// A bounded cache of recent events' framers, shared by live fan-out and replay: each event is framed and deflated once.
import type { JournalEntry } from '../journal/journal.js';
import { EventFramer } from './event-framer.js';

/** Framers kept at most, newest used last (a reconnect storm resumes from nearly the same point). */
export const FRAME_CACHE_MAX_EVENTS = 4096;
/** Frame bytes kept at most (prefixes, plain and deflated frames of every cached event). */
export const FRAME_CACHE_MAX_BYTES = 16 * 1024 * 1024;

export interface FrameCacheLimits { maxEvents: number; maxBytes: number }

/**
 * Least-recently-used framers by journal seq. A framer that falls out stays valid for whoever still holds it
 * (a held live event, a page being written); it is only no longer found here.
 */
export class FrameCache {
  private readonly framers = new Map<number, EventFramer>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly limits: FrameCacheLimits = { maxEvents: FRAME_CACHE_MAX_EVENTS, maxBytes: FRAME_CACHE_MAX_BYTES }) {}

  /** The framer of one journal entry: the cached one, or a new one that is cached. */
  framerFor(entry: JournalEntry): EventFramer {
    const cached = this.framers.get(entry.seq);
    if (cached && cached.entry.messageId === entry.messageId) {
      this.hits += 1;
      this.framers.delete(entry.seq);
      this.framers.set(entry.seq, cached);
      return cached;
    }
    this.misses += 1;
    if (cached) this.forget(entry.seq, cached);
    const framer = new EventFramer(entry, (grown) => this.grew(framer, grown));
    this.framers.set(entry.seq, framer);
    this.evict(framer);
    return framer;
  }

  /**
   * The cached entries from `afterSeq + 1` on, as long as they are consecutive (at most `limit`): a replay that
   * finds its next page here reads nothing from the journal, so a reconnect storm reads each event once.
   */
  entriesAfter(afterSeq: number, limit: number): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (let seq = afterSeq + 1; out.length < limit; seq++) {
      const framer = this.framers.get(seq);
      if (!framer) break;
      out.push(framer.entry);
    }
    return out;
  }

  /** Events and bytes held now. */
  get size(): { events: number; bytes: number } {
    return { events: this.framers.size, bytes: this.bytes };
  }

  private grew(framer: EventFramer, grown: number): void {
    if (this.framers.get(framer.entry.seq) !== framer) return;
    this.bytes += grown;
    this.evict(framer);
  }

  /** Drops the least recently used framers (never `keep`) until both limits hold. */
  private evict(keep: EventFramer): void {
    for (const [seq, framer] of this.framers) {
      if (this.framers.size <= this.limits.maxEvents && this.bytes <= this.limits.maxBytes) return;
      if (framer !== keep) this.forget(seq, framer);
    }
  }

  private forget(seq: number, framer: EventFramer): void {
    this.framers.delete(seq);
    this.bytes -= framer.retainedBytes;
  }
}
