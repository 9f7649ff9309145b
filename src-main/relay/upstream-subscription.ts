// The relay's subscription on each connection: subscribe resuming after the last journaled id, and what its confirmation starts.
import type { IncidentBackfill } from './incident-backfill.js';
import type { LagTracker } from './lag-tracker.js';
import type { RelayMetrics } from './relay-metrics.js';
import type { ReplayDetector } from './replay-detector.js';
import type { Republisher } from './republisher.js';
import type { AttemptRecord } from './upstream-attempt.js';
import type { UpstreamSettings } from './upstream-config.js';
import { RELAY_SUBSCRIPTION_ID } from './upstream-frame-handler.js';
import type { UpstreamStateBoard } from './upstream-state-board.js';
import type { UpstreamSync } from './upstream-sync.js';

export interface RelaySubscriptionDeps {
  settings: UpstreamSettings;
  republisher: Republisher;
  backfill: IncidentBackfill;
  sync: UpstreamSync;
  metrics: Pick<RelayMetrics, 'connected'>;
  replay: ReplayDetector;
  lag: LagTracker;
  attempt: AttemptRecord;
  board: UpstreamStateBoard;
  /** Sends one message on the current socket (nothing when it is not open). */
  send(msg: Record<string, unknown>): void;
  /** Wall clock (ms since 1970). */
  now(): number;
}

export class RelaySubscription {
  /** Whether this connection opened with a resume point (then it needs no incident backfill). */
  private openedWithResumePoint = false;
  /** Whether any connection of this process got as far as `subscribed` (a later one is a reconnect). */
  private everSubscribed = false;

  constructor(private readonly deps: RelaySubscriptionDeps) {}

  /** A socket opened: the republisher starts a connection, and the resume point says whether a backfill will be needed. */
  opened(): void {
    this.deps.republisher.beginConnection();
    this.deps.sync.opened();
    this.openedWithResumePoint = this.deps.republisher.resumePoint() !== undefined;
  }

  /** Subscribes with the configured filters, resuming after the last upstream id journaled in order when `resume`. */
  subscribe(resume: boolean): void {
    const after = resume ? this.deps.republisher.resumePoint() : undefined;
    this.deps.replay.subscribing(after !== undefined);
    this.deps.send({
      type: 'subscribe', subscription_id: RELAY_SUBSCRIPTION_ID, filters: this.deps.settings.filters,
      ...(after === undefined ? {} : { resume_after: after }),
    });
  }

  /** The upstream confirmed the subscription: connected, and (unless refused) gap marks, reconcile and backfill follow. */
  confirmed(): void {
    const { attempt, board, replay, sync, now } = this.deps;
    attempt.subscribedAt = now();
    board.lastError = null;
    this.deps.metrics.connected.set({ upstream: this.deps.settings.name }, 1);
    replay.subscribed(now());
    board.set(this.deps.lag.lagging ? 'lagging' : 'connected');
    if (attempt.refusal !== undefined) return;
    sync.subscribed({ askedReplay: replay.asked, knownNoReplay: replay.supported === false, reconnect: this.everSubscribed });
    this.everSubscribed = true;
    // In the background: the live stream goes on while the upstream's active incidents are fetched.
    this.deps.backfill.startIfNeeded(this.openedWithResumePoint);
  }
}
