// Keeping up with an upstream across reconnects: gap marks where events may be missing, backfill after a gap, reconcile rounds.
import { gapMarkEvent, type IncidentEvent } from '../../src-shared/protocol/index.js';
import type { Logger } from '../server/index.js';
import type { IncidentBackfill } from './incident-backfill.js';
import type { IncidentReconciler } from './incident-reconciler.js';
import type { ReplayVerdict } from './replay-detector.js';

export interface UpstreamSyncDeps {
  upstream: string;
  backfill: IncidentBackfill;
  reconciler: IncidentReconciler;
  /** Publishes into the local server (the gap mark). */
  publish(events: IncidentEvent[]): Promise<unknown>;
  logger: Logger;
  /** Called once a gap mark is journaled (the metric). */
  onGapMarked?: () => void;
}

/** What the reconcile and the gap marks did for one upstream, as its status shows it. */
export interface SyncReport {
  /** Reconcile events published (incidents brought to the upstream's version). */
  reconciled: number;
  /** When the last full reconcile round ended (ms since 1970), or null. */
  lastReconcileAt: number | null;
  /** Gap marks journaled. */
  gapMarks: number;
}

/** What the connection knows when its subscription is confirmed. */
export interface SubscribedInfo {
  /** The subscribe carried `resume_after` (a replay verdict follows). */
  askedReplay: boolean;
  /** An earlier connection found that the upstream does not replay. */
  knownNoReplay: boolean;
  /** An earlier connection of this process was subscribed: events may have been published in between. */
  reconnect: boolean;
}

/**
 * Rules (PROTOCOL 1.1 §5): a connection that could not get what was published while the relay was away journals a
 * gap mark, backfills and reconciles: a reconnect without a resume point, an upstream that does not replay (Rust,
 * guide-only: no `replay_complete`, or `resume_after` refused), or a replay that itself reported `gap`. One mark per
 * connection. The reconcile's first round waits for a replay to finish, so replayed events never overwrite it.
 */
export class UpstreamSync {
  private markedThisConnection = false;
  /** Gap marks journaled (counted once the local server accepted them). */
  private gapsMarked = 0;

  constructor(private readonly deps: UpstreamSyncDeps) {}

  report(): SyncReport {
    const { reconciler } = this.deps;
    return { reconciled: reconciler.counts.published, lastReconcileAt: reconciler.lastRoundAt, gapMarks: this.gapsMarked };
  }

  /** A new connection is open: it may mark its own gap. */
  opened(): void {
    this.markedThisConnection = false;
  }

  subscribed(info: SubscribedInfo): void {
    if (info.reconnect && !info.askedReplay) return this.gap('reconnected without a resume point');
    if (info.askedReplay && info.knownNoReplay) return this.gap('reconnected to an upstream that does not replay');
    if (!info.askedReplay) this.deps.reconciler.connected();
  }

  /** The replay detector decided (logged here): no replay is a gap, a replay that reported a gap is one, else reconcile. */
  replayVerdict(verdict: ReplayVerdict, gap: boolean): void {
    const { upstream, logger } = this.deps;
    if (verdict === 'missing') logger.info('upstream sent no replay_complete: no replay support, relaying live events only', { upstream });
    if (verdict === 'refused') logger.info('upstream refused resume_after: no replay support, subscribing live', { upstream });
    if (verdict === 'complete' && gap) logger.warn('upstream no longer had the resume point and replayed all it retains (gap)', { upstream });
    if (verdict === 'missing' || verdict === 'refused') return this.gap('the upstream does not replay what was missed');
    if (gap) return this.gap('the upstream no longer had the resume point');
    this.deps.reconciler.connected();
  }

  disconnected(): void {
    this.deps.reconciler.disconnected();
  }

  private gap(reason: string): void {
    if (this.markedThisConnection) return;
    this.markedThisConnection = true;
    const { upstream, logger } = this.deps;
    logger.warn('events of the upstream may be missing: gap marked, backfill and reconcile', { upstream, reason });
    this.deps.publish([gapMarkEvent(upstream, reason)]).then(() => {
      this.gapsMarked += 1;
      this.deps.onGapMarked?.();
    }, (err: unknown) => {
      logger.error('journaling a gap mark failed', { upstream, error: (err as Error).message });
    });
    this.deps.backfill.startAfterGap();
    this.deps.reconciler.connected();
  }
}
