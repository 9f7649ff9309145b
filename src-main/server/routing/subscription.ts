// One subscription of one session: its id, normalized filters, and the session it delivers to.
import type { Filters } from '../../../src-shared/protocol/index.js';

/** What the router needs of a session: the subscriptions one event matched (first one kept apart: the common case). */
export interface MatchCollector {
  /** Sequence of the event whose matches are being collected (dedupes per event). */
  matchSeq: number;
  firstMatch: Subscription | undefined;
  moreMatches: Subscription[] | undefined;
}

export interface Subscription {
  readonly id: string;
  readonly filters: Filters;
  readonly owner: MatchCollector;
  /** `["<id>"]}`: the end of an event frame that lists only this subscription, built once. */
  readonly suffix: string;
  /** Last event seq this subscription was visited for, so an index hit twice counts once. */
  visitedSeq: number;
  /** Events matched since creation (for the UI's counters). */
  matched: number;
}

/** Creates a subscription record with its precomputed frame suffix. */
export function createSubscription(id: string, filters: Filters, owner: MatchCollector): Subscription {
  return { id, filters, owner, suffix: `${JSON.stringify([id])}}`, visitedSeq: 0, matched: 0 };
}

/** The frame suffix listing several subscriptions, in the order they matched. */
export function suffixFor(first: Subscription, more: readonly Subscription[] | undefined): string {
  if (!more) return first.suffix;
  return `${JSON.stringify([first.id, ...more.map((s) => s.id)])}}`;
}
