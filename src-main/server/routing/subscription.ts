// One subscription of one session: its id, normalized filters, and the session it delivers to.
import type { Filters } from '../../../src-shared/protocol/index.js';

/** What the router needs of a session: a place to collect the ids matched by one event. */
export interface MatchCollector {
  /** Sequence of the event whose matches are being collected (dedupes per event). */
  matchSeq: number;
  matchedIds: string[];
}

export interface Subscription {
  readonly id: string;
  readonly filters: Filters;
  readonly owner: MatchCollector;
  /** Last event seq this subscription was visited for, so an index hit twice counts once. */
  visitedSeq: number;
  /** Events matched since creation (for the UI's counters). */
  matched: number;
}
