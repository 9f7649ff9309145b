// The relay's timings (heartbeat, backoff, detection windows) with their defaults; tests inject smaller ones.

export interface RelayTimings {
  /** Cap of the first reconnect delay; each failure doubles it (ms). Default 1000. */
  backoffBaseMs: number;
  /** Largest reconnect delay (ms). Default 30_000. */
  backoffCapMs: number;
  /** A connection that stayed up this long resets the backoff to its base (ms). Default 60_000. */
  stableAfterMs: number;
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
  backoffCapMs: 30_000,
  stableAfterMs: 60_000,
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
  return Object.freeze(t);
}
