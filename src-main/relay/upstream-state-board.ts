// One upstream's reported state: what it is and since when, the last error, moves between connected and lagging, the status.
import type { Logger } from '../server/index.js';
import { describeBackfill, type IncidentBackfill } from './incident-backfill.js';
import type { LagTracker } from './lag-tracker.js';
import type { ReplayDetector } from './replay-detector.js';
import type { Republisher } from './republisher.js';
import { displayUrl, type UpstreamSettings } from './upstream-config.js';
import { describeStatus, isoOrNull, type UpstreamState, type UpstreamStatus } from './upstream-status.js';
import type { RelayMetrics } from './relay-metrics.js';
import type { UpstreamSync } from './upstream-sync.js';

export interface ConnectionParts {
  settings: UpstreamSettings;
  state: UpstreamState;
  /** When the state began (ms since 1970). */
  since: number;
  lastError: string | null;
  nextRetryAt: number | null;
  reconnects: number;
  replay: Pick<ReplayDetector, 'supported' | 'lastGap'>;
  lag: Pick<LagTracker, 'seconds'>;
  lagWarnMs: number;
  republisher: Pick<Republisher, 'counts' | 'resumePoint'>;
  backfill: Pick<IncidentBackfill, 'status'>;
  sync: Pick<UpstreamSync, 'report'>;
  /** Wall clock now (ms since 1970). */
  now: number;
}

/** Assembles one upstream's status (stats(), /health, the UI) from its connection's parts. */
export function connectionStatus(p: ConnectionParts): UpstreamStatus {
  const { settings, republisher } = p;
  const c = republisher.counts;
  const sync = p.sync.report();
  const base = { state: p.state, replaySupported: p.replay.supported, lastError: p.lastError, lagSeconds: p.lag.seconds, lagWarnSeconds: p.lagWarnMs / 1000 };
  const backfill = p.backfill.status();
  const backfillLine = p.state === 'connected' || p.state === 'lagging' ? describeBackfill(backfill) : null;
  return {
    name: settings.name, url: displayUrl(settings.url), ...base, since: new Date(p.since).toISOString(),
    lastEventAt: isoOrNull(c.lastEventAt), reconnects: p.reconnects, nextRetryAt: isoOrNull(p.nextRetryAt),
    lastReplayGap: p.replay.lastGap,
    detail: describeStatus(base, p.nextRetryAt === null ? null : p.nextRetryAt - p.now) + (backfillLine ? `; ${backfillLine}` : ''),
    resumeAfter: republisher.resumePoint() ?? null, eventsRelayed: c.relayed, duplicatesDropped: c.duplicates,
    invalidEvents: c.invalid, loopsDropped: c.looped, hasToken: Boolean(settings.token), filters: settings.filters,
    reconciled: sync.reconciled, lastReconcileAt: isoOrNull(sync.lastReconcileAt), gapMarks: sync.gapMarks, backfill,
  };
}

export interface StateBoardOptions {
  upstream: string;
  lagWarnMs: number;
  metrics: Pick<RelayMetrics, 'lag'>;
  logger: Logger;
  /** Wall clock (ms since 1970). */
  now(): number;
  /** Called on every state change. */
  onChange(): void;
}

export class UpstreamStateBoard {
  state: UpstreamState = 'connecting';
  lastError: string | null = null;
  private since: number;

  constructor(private readonly opts: StateBoardOptions) {
    this.since = opts.now();
  }

  /** Subscribed (on time or lagging). */
  get subscribed(): boolean {
    return this.state === 'connected' || this.state === 'lagging';
  }

  /** Moves to `state` (nothing leaves `stopped`) and tells the listener. */
  set(state: UpstreamState): void {
    if (this.state === 'stopped' && state !== 'stopped') return;
    if (state !== this.state) this.since = this.opts.now();
    this.state = state;
    this.opts.onChange();
  }

  /** Publishes the lag and moves between `connected` and `lagging`, one log line per change. */
  lagChanged(seconds: number, lagging: boolean): void {
    const { upstream, lagWarnMs, metrics, logger } = this.opts;
    metrics.lag.set({ upstream }, seconds);
    const next = lagging ? 'lagging' : 'connected';
    if (!this.subscribed || next === this.state) return;
    const fields = { upstream, lag_seconds: Math.round(seconds * 10) / 10, warn_secs: lagWarnMs / 1000 };
    if (next === 'lagging') logger.warn('upstream lagging: events arrive late', fields);
    else logger.info('upstream caught up', fields);
    this.set(next);
  }

  status(parts: Omit<ConnectionParts, 'state' | 'since' | 'lastError' | 'lagWarnMs' | 'now'>): UpstreamStatus {
    return connectionStatus({ ...parts, state: this.state, since: this.since, lastError: this.lastError, lagWarnMs: this.opts.lagWarnMs, now: this.opts.now() });
  }
}
