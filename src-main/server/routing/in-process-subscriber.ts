// In-process subscribers (the UI's named subscriptions): their filters sit in the hub's subscription index beside the
// sessions', so one routing pass both writes frames to sessions and tells these subscribers which of theirs matched.
import { normalizeFilters, type FiltersInput, type Subject } from '../../../src-shared/protocol/index.js';
import type { JournalEntry } from '../journal/journal.js';
import { createSubscription, type MatchCollector, type Subscription } from './subscription.js';
import type { SubscriptionIndex } from './subscription-index.js';

/** Receives every published entry, in journal order, with the ids of the subscriber's filters it matched. */
export type InProcessListener = (entry: JournalEntry, matchedIds: string[]) => void;

/** What a feature holds: its filters by id, kept in the hub's index. */
export interface InProcessSubscriber {
  /** Adds or replaces the filters filed under `id`. */
  setFilters(id: string, filters: FiltersInput): void;
  removeFilters(id: string): void;
  /** Ids of this subscriber's filters that accept an event read back from the journal (not routed now). */
  matchIds(eventType: string, subject: Subject): string[];
  /** Removes every filter and stops the listener. */
  close(): void;
}

/** The hub's side of one in-process subscriber: collects its matches during routing, hands them over with the entry. */
export class InProcessCollector implements MatchCollector, InProcessSubscriber {
  matchSeq = 0;
  firstMatch: Subscription | undefined;
  moreMatches: Subscription[] | undefined;
  private readonly subscriptions = new Map<string, Subscription>();
  /** Matches of the entries routed in the current fan-out, by seq, until the listeners have run. */
  private readonly routed = new Map<number, string[]>();

  constructor(
    private readonly index: SubscriptionIndex,
    private readonly querySeq: () => number,
    readonly listener: InProcessListener,
    private readonly onClose: (c: InProcessCollector) => void,
  ) {}

  get size(): number {
    return this.subscriptions.size;
  }

  /** Keeps what the entry with `seq` matched in this routing pass (called right after the pass touched this collector). */
  keepMatches(seq: number): void {
    if (this.matchSeq !== seq || !this.firstMatch) return;
    this.routed.set(seq, [this.firstMatch.id, ...(this.moreMatches ?? []).map((s) => s.id)]);
  }

  /** The ids the entry with `seq` matched when it was routed ([] when none). */
  takeMatches(seq: number): string[] {
    const ids = this.routed.get(seq) ?? [];
    this.routed.delete(seq);
    return ids;
  }

  /** Drops matches whose entries were not handed over (a fan-out ends with every entry handed over). */
  endFanOut(): void {
    this.routed.clear();
  }

  setFilters(id: string, filters: FiltersInput): void {
    this.removeFilters(id);
    const sub = createSubscription(id, normalizeFilters(filters), this);
    this.subscriptions.set(id, sub);
    this.index.add(sub);
  }

  removeFilters(id: string): void {
    const sub = this.subscriptions.get(id);
    if (!sub) return;
    this.index.remove(sub);
    this.subscriptions.delete(id);
  }

  matchIds(eventType: string, subject: Subject): string[] {
    const ids: string[] = [];
    this.index.forEachMatch(this.querySeq(), eventType, subject, (sub) => {
      if (sub.owner === this) ids.push(sub.id);
    });
    return ids;
  }

  close(): void {
    for (const id of [...this.subscriptions.keys()]) this.removeFilters(id);
    this.onClose(this);
  }
}
