// What one upstream connection is built from: its settings and timings, and the relay parts it drives.
import type { Logger } from '../server/index.js';
import type { IncidentBackfill } from './incident-backfill.js';
import type { RelayMetrics } from './relay-metrics.js';
import type { Republisher } from './republisher.js';
import type { RelayTimings } from './timings.js';
import type { UpstreamSettings } from './upstream-config.js';
import type { UpstreamSync } from './upstream-sync.js';

export interface UpstreamConnectionDeps {
  settings: UpstreamSettings;
  timings: RelayTimings;
  republisher: Republisher;
  /** Copies the upstream's active incidents into the local store when a connection starts without a resume point. */
  backfill: IncidentBackfill;
  /** Gap marks, backfill after a gap and the reconcile rounds. */
  sync: UpstreamSync;
  /** Called with each event relayed from the upstream (the reconcile follows its incident). */
  onRelayed(event: unknown): void;
  metrics: RelayMetrics;
  logger: Logger;
  /** Uniform random in [0, 1) for the jitter. */
  random(): number;
  /** Wall clock (ms since 1970) for status times. */
  now(): number;
  /** Called on every state change. */
  onChange(): void;
  /** Whether a `welcome`'s session id is a session of the local server: then the upstream is this very server. */
  isOwnSession(sessionId: string): boolean;
}
