// The web bridge's reconnection delays: src-shared's full-jitter backoff with a floor, counted from attempt 1.
import { fullJitterCeiling } from '../../src-shared/backoff.js';

export interface BackoffOptions {
  /** Delay cap of the first retry, in ms (default 250). */
  baseMs: number;
  /** Upper bound of any delay, in ms (default 5000: a local server restarts quickly). */
  maxMs: number;
  /** Lower bound, in ms, so a flapping server is never hammered (default 100). */
  minMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 5000, minMs: 100 };

/** Delay before retry number `attempt` (1-based): uniform in [minMs, min(maxMs, baseMs·2^(attempt−1))]. */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const ceiling = fullJitterCeiling(attempt - 1, options.baseMs, options.maxMs);
  return Math.round(Math.max(options.minMs, random() * ceiling));
}
