// The relay's timings (heartbeat, backoff, detection windows, lag warning) with their defaults; tests inject smaller ones.

export interface RelayTimings {
  /** Cap of the first reconnect delay; each failure doubles it (ms). Default 1000. */
  backoffBaseMs: number;
  /** Largest reconnect delay while the outage is younger than `outageEscalateMs` (ms). Default 10_000. */
  backoffCapMs: number;
  /** Largest reconnect delay once the outage is older than `outageEscalateMs` (ms). Default 30_000. */
  backoffLateCapMs: number;
  /** Outage age after which the late cap applies (ms). Default 300_000 (5 minutes). */
  outageEscalateMs: number;
  /** A connection subscribed this long with frames flowing resets the backoff to its base (ms). Default 10_000. */
  stableAfterMs: number;
  /** Lag above this makes a connected upstream `lagging` (ms). Default 30_000 (`relay_lag_warn_secs`). */
  lagWarnMs: number;
  /** A `ping` goes upstream every interval; two intervals without any frame mean the connection is dead (ms). Default 15_000. */
  pingIntervalMs: number;
  /** TCP connect, TLS and the WebSocket upgrade must finish within this (ms). Default 10_000. */
  connectTimeoutMs: number;
  /** After `subscribed` with `resume_after`, how long to wait for `replay_complete` before reporting "no replay support" (ms). Default 10_000. */
  replayDetectMs: number;
  /** Retry delay after the upstream refused the credentials (401/403): slow, since retrying will not fix a token (ms). Default 300_000. */
  authRetryMs: number;
  /** While connected, the held incidents are reconciled against the upstream's REST API this often (ms). Default 60_000. */
  reconcileIntervalMs: number;
}

export const DEFAULT_RELAY_TIMINGS: Readonly<RelayTimings> = Object.freeze({
  backoffBaseMs: 1000,
  backoffCapMs: 10_000,
  backoffLateCapMs: 30_000,
  outageEscalateMs: 300_000,
  stableAfterMs: 10_000,
  lagWarnMs: 30_000,
  pingIntervalMs: 15_000,
  connectTimeoutMs: 10_000,
  replayDetectMs: 10_000,
  authRetryMs: 300_000,
  reconcileIntervalMs: 60_000,
});

/** Spreads overrides over the defaults; rejects values that cannot work, naming the key. */
export function resolveTimings(overrides: Partial<RelayTimings> = {}): Readonly<RelayTimings> {
  const t: RelayTimings = { ...DEFAULT_RELAY_TIMINGS };
  for (const [key, value] of Object.entries(overrides) as [keyof RelayTimings, number | undefined][]) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_RELAY_TIMINGS)) throw new RangeError(`unknown relay timing "${String(key)}"`);
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`relay timing ${key} must be a positive number of ms, got ${value}`);
    t[key] = value;
  }
  if (t.backoffCapMs < t.backoffBaseMs) throw new RangeError('relay timing backoffCapMs must be at least backoffBaseMs');
  if (t.backoffLateCapMs < t.backoffCapMs) {
    if (overrides.backoffLateCapMs !== undefined) throw new RangeError('relay timing backoffLateCapMs must be at least backoffCapMs');
    t.backoffLateCapMs = t.backoffCapMs; // an early cap set above the default late cap applies for the whole outage
  }
  return Object.freeze(t);
}
