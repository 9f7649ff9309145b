// Journal entries as the feed shows them, and the `events:recent` read over the journal.
import type { FeedEvent } from '../../src-shared/bridge/index.js';
import type { JournalEntry, JournalView } from '../server/index.js';

/** Name of the upstream a relayed entry came from (`<name>|<upstream message id>`), else null. */
export function upstreamOf(origin: string | undefined): string | null {
  if (!origin) return null;
  const bar = origin.indexOf('|');
  return bar > 0 ? origin.slice(0, bar) : null;
}

export function toFeedEvent(entry: JournalEntry, subscriptionIds: string[]): FeedEvent {
  return {
    messageId: entry.messageId, timestamp: entry.publishedAt, event: entry.event, subscriptionIds, upstream: upstreamOf(entry.origin),
  };
}

/** The newest `limit` retained entries, oldest first. */
export function newestEntries(journal: JournalView, limit: number): JournalEntry[] {
  return journal.readAfter(Math.max(journal.firstSeq(), journal.lastSeq() - limit), limit);
}

/** The newest `limit` retained entries up to seq `upTo` (included), oldest first. */
export function entriesUpTo(journal: JournalView, upTo: number, limit: number): JournalEntry[] {
  const from = Math.max(journal.firstSeq(), upTo - limit);
  return upTo > from ? journal.readAfter(from, upTo - from) : [];
}

/**
 * Entries after `afterMessageId`, at most the newest `limit` of them, oldest first. `gap` is true when the id
 * is unknown (pruned, another epoch) and the newest retained entries come instead, or when more than `limit`
 * entries followed it and the older ones were left out.
 */
export function entriesAfter(journal: JournalView, afterMessageId: string | null | undefined, limit: number): { entries: JournalEntry[]; gap: boolean } {
  if (afterMessageId === null || afterMessageId === undefined) return { entries: newestEntries(journal, limit), gap: false };
  const at = journal.locate(afterMessageId);
  if (!at.known) return { entries: newestEntries(journal, limit), gap: true };
  const skipped = Math.max(0, journal.lastSeq() - at.seq - limit);
  return { entries: journal.readAfter(at.seq + skipped, limit), gap: skipped > 0 };
}
