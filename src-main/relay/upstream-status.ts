// The status of one upstream as stats(), /health and the UI show it; never the token.
import type { FiltersInput } from '../../src-shared/protocol/index.js';
import type { BackfillStatus } from './incident-backfill.js';

/**
 * `lagging`: connected, but events arrive later than `relay_lag_warn_secs` after they were published upstream;
 * `backing_off`: waiting to retry after a failure; `failed_auth`: the upstream refused the credentials, retrying slowly;
 * `refused`: this side refused the upstream (it is this very server: a self-relay), not retrying.
 */
export type UpstreamState = 'connecting' | 'connected' | 'lagging' | 'backing_off' | 'failed_auth' | 'refused' | 'stopped';

export interface UpstreamStatus {
  name: string;
  /** The URL without user info. */
  url: string;
  state: UpstreamState;
  /** When the current state began (RFC 3339). */
  since: string;
  /** When the last event arrived from this upstream (RFC 3339), or null. */
  lastEventAt: string | null;
  /** Connection attempts after the first. */
  reconnects: number;
  /** When the next attempt is due (states backing_off and failed_auth), or null. */
  nextRetryAt: string | null;
  /** true: it answered `resume_after` with `replay_complete`; false: it did not ("no replay support"); null: not asked yet. */
  replaySupported: boolean | null;
  /** Whether the last replay reported a gap (the upstream no longer had our resume point). */
  lastReplayGap: boolean;
  /** One line for people: what is happening and why. */
  detail: string;
  lastError: string | null;
  /** The upstream message id the next connection resumes after. */
  resumeAfter: string | null;
  eventsRelayed: number;
  duplicatesDropped: number;
  invalidEvents: number;
  /** Events not re-published because they had already passed through this server (or were known, or too far travelled). */
  loopsDropped: number;
  /** How far behind the upstream the relay is now (s): the newest event's age when it arrived, 0 once caught up. */
  lagSeconds: number;
  /** Lag above this is `lagging` (s). */
  lagWarnSeconds: number;
  hasToken: boolean;
  filters: FiltersInput;
  /** Incidents brought to the upstream's version by the reconcile (an update or resolve the upstream sent no event for). */
  reconciled: number;
  /** When the last full reconcile round ended (RFC 3339), or null. */
  lastReconcileAt: string | null;
  /** Gap marks journaled for this upstream (connections that could not get what it published meanwhile). */
  gapMarks: number;
  /** The first-connect backfill of the upstream's active incidents; null when none was needed (a resume point existed). */
  backfill: BackfillStatus | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The human line of a status. */
export function describeStatus(s: Pick<UpstreamStatus, 'state' | 'replaySupported' | 'lastError' | 'lagSeconds' | 'lagWarnSeconds'>, retryInMs: number | null): string {
  const retry = retryInMs === null ? '' : `; next try in ${Math.max(0, Math.round(retryInMs / 100) / 10)} s`;
  switch (s.state) {
    case 'connected':
      return s.replaySupported === false ? 'connected; no replay support (live events only, gaps possible after reconnects)' : 'connected';
    case 'lagging':
      return `lagging: ${Math.round(s.lagSeconds)} s behind the upstream (warning above ${s.lagWarnSeconds} s)`;
    case 'connecting':
      return 'connecting';
    case 'backing_off':
      return `disconnected: ${s.lastError ?? 'unknown reason'}${retry}`;
    case 'failed_auth':
      return `${s.lastError ?? 'the upstream refused the credentials'}; not retrying fast, fix the token${retry}`;
    case 'refused':
      return `refused: ${s.lastError ?? 'relay loop'}; not retrying (remove this upstream or point it at another server)`;
    case 'stopped':
      return 'stopped';
  }
}

export { iso as isoOrNull };
