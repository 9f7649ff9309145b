// What /health shows per upstream: its status in snake_case like the rest of the body, never the token.
import type { UpstreamStatus } from './upstream-status.js';

export interface UpstreamHealth {
  name: string; url: string; state: string; since: string; last_event_at: string | null; reconnects: number;
  next_retry_at: string | null; replay: 'supported' | 'no replay support' | 'unknown'; detail: string; last_error: string | null;
  loops_dropped: number;
  /** Active incidents copied from the upstream on the first connection; null when no backfill ran or it found no API. */
  incidents_backfilled: number | null;
  /** Incidents whose missing update, resolve or close the reconcile published. */
  reconciled: number;
  /** When the last full reconcile round ended, or null. */
  last_reconcile_at: string | null;
  /** Gap marks journaled for this upstream. */
  gap_marks: number;
}

/** One upstream's /health entry. */
export function toHealth(s: UpstreamStatus): UpstreamHealth {
  return {
    name: s.name, url: s.url, state: s.state, since: s.since, last_event_at: s.lastEventAt, reconnects: s.reconnects,
    next_retry_at: s.nextRetryAt, replay: s.replaySupported === null ? 'unknown' : s.replaySupported ? 'supported' : 'no replay support',
    detail: s.detail, last_error: s.lastError, loops_dropped: s.loopsDropped,
    incidents_backfilled: s.backfill?.state === 'done' ? s.backfill.stored : null,
    reconciled: s.reconciled, last_reconcile_at: s.lastReconcileAt, gap_marks: s.gapMarks,
  };
}
