// Re-publishes one upstream's events into the local hub, in arrival order, each upstream message id once, never in a loop.
import { IncidentEventSchema, parseWith } from '../../src-shared/protocol/index.js';
import type { Journal, Logger, CoreServer } from '../server/index.js';
import type { LoopGuard } from './loop-guard.js';
import type { OriginIndex } from './origin-index.js';
import { inOrderPrefix, originKey } from './origin-key.js';
import { RELAY_TRACE_FIELD } from './relay-trace.js';
import type { RelayEventOutcome, RelayMetrics } from './relay-metrics.js';

/** What became of one upstream event; `own_stream`: the upstream serves this server's own stream, the connection must be refused. */
export type AcceptOutcome = RelayEventOutcome | 'own_stream';

export interface RepublisherDeps {
  /** The upstream's name: origins are `<name>|<upstream message_id>` (see origin-key). */
  upstream: string;
  publish: CoreServer['publish'];
  journal: Pick<Journal, 'hasOrigin' | 'lastOrigin'>;
  /** Loop protection shared by every upstream of this relay, and the origin ids it consults. */
  loops: LoopGuard;
  origins: OriginIndex;
  metrics: RelayMetrics;
  logger: Logger;
  /** Wall clock (ms since 1970). */
  now(): number;
}

/** Counts and times the status reports. */
export interface RepublisherCounts {
  relayed: number;
  duplicates: number;
  invalid: number;
  failed: number;
  /** Dropped by loop protection (including the one that revealed a self-relay). */
  looped: number;
  lastEventAt: number | null;
}

/** Out-of-order upstream ids remembered until they arrive again in order (oldest forgotten first). */
const AHEAD_MEMORY = 1000;

export class Republisher {
  readonly counts: RepublisherCounts = {
    relayed: 0, duplicates: 0, invalid: 0, failed: 0, looped: 0, lastEventAt: null,
  };
  /** Origins handed to the hub whose journal append has not finished: duplicates too. */
  private readonly inFlight = new Set<string>();
  private lastJournaled: string | undefined;
  /** Set when the local journal refused an event: the resume point must not move past it. */
  private frozen = false;
  /** Settles after the last accepted event's outcome moved the resume point: outcomes apply in arrival order. */
  private settled: Promise<void> = Promise.resolve();
  /** Ids relayed `out_of_order`: when one arrives again in order (a duplicate), the resume point moves to it. */
  private readonly ahead = new Set<string>();

  constructor(private readonly deps: RepublisherDeps) {
    // The newest in-order origin: one journaled `out_of_order` may have overtaken events that never arrived (a crash).
    const prefix = inOrderPrefix(deps.upstream);
    this.lastJournaled = deps.journal.lastOrigin(prefix)?.slice(prefix.length);
  }

  /** The newest upstream message id the local journal holds in order: the `resume_after` of the next connection. */
  resumePoint(): string | undefined {
    return this.lastJournaled;
  }

  /** A new connection starts: what failed before will be fetched again from the resume point. */
  beginConnection(): void {
    this.frozen = false;
  }

  /**
   * Takes one upstream event. Publishing is queued synchronously, so arrival order is journal order.
   * `onLocalFailure` runs when the local journal refused it; the caller should reconnect to fetch it again.
   * An `outOfOrder` event (written ahead of older ones, PROTOCOL 1.1 §5) is relayed but leaves the resume point at
   * the last in-order id, so a reconnect still fetches what it overtook (and the event again, dropped as a duplicate).
   */
  accept(
    messageId: string, timestamp: string | undefined, event: unknown, onLocalFailure: (err: Error) => void, outOfOrder = false,
  ): AcceptOutcome {
    const { upstream, metrics, logger } = this.deps;
    const inOrder = originKey(upstream, messageId);
    const overtook = originKey(upstream, messageId, true);
    const knownInOrder = this.inFlight.has(inOrder) || this.deps.journal.hasOrigin(inOrder);
    if (knownInOrder || this.inFlight.has(overtook) || this.deps.journal.hasOrigin(overtook)) {
      this.counts.duplicates += 1;
      metrics.events.inc({ upstream, outcome: 'duplicate' });
      // An in-order copy of an event journaled out_of_order (before a restart too): the resume point may pass it now.
      const wasAhead = this.ahead.delete(messageId) || !knownInOrder;
      if (!outOfOrder && wasAhead) this.passOver(messageId);
      return 'duplicate';
    }
    const origin = outOfOrder ? overtook : inOrder;
    const parsed = parseWith(IncidentEventSchema, event, 'event');
    if (!parsed.ok) {
      this.counts.invalid += 1;
      metrics.events.inc({ upstream, outcome: 'invalid' });
      logger.warn('upstream sent an invalid event; skipped', { upstream, message_id: messageId, error: parsed.message });
      return 'invalid';
    }
    const verdict = this.deps.loops.judge(messageId, parsed.value);
    if (!verdict.pass) {
      this.counts.looped += 1;
      metrics.events.inc({ upstream, outcome: 'looped' });
      metrics.loopDrops.inc({ upstream, reason: verdict.reason });
      logger.debug('upstream event not re-published: loop protection', { upstream, message_id: messageId, reason: verdict.reason });
      if (!outOfOrder) this.passOver(messageId);
      return verdict.reason === 'own_stream' ? 'own_stream' : 'looped';
    }
    if (verdict.malformedTrace) logger.warn(`upstream event had a malformed ${RELAY_TRACE_FIELD}; a new trace starts here`, { upstream, message_id: messageId });
    this.counts.lastEventAt = this.deps.now();
    if (outOfOrder) this.rememberAhead(messageId);
    this.inFlight.add(origin);
    this.deps.origins.add(verdict.originId);
    // The publish is queued now (journal order = arrival order); its outcome is applied after the earlier ones.
    const published = this.deps.publish([verdict.event], [origin]).then(() => undefined, (err: unknown) => err as Error);
    this.settled = this.settled.then(() => published).then((err) => {
      this.inFlight.delete(origin);
      if (err === undefined) {
        this.counts.relayed += 1;
        metrics.events.inc({ upstream, outcome: 'relayed' });
        if (!this.frozen && !outOfOrder) this.lastJournaled = messageId;
        return;
      }
      this.deps.origins.delete(verdict.originId);
      this.frozen = true;
      this.counts.failed += 1;
      metrics.events.inc({ upstream, outcome: 'failed' });
      logger.error('local publish of an upstream event failed; will fetch it again', { upstream, message_id: messageId, error: err.message });
      onLocalFailure(err);
    });
    return 'relayed';
  }

  private rememberAhead(messageId: string): void {
    this.ahead.add(messageId);
    if (this.ahead.size > AHEAD_MEMORY) this.ahead.delete(this.ahead.values().next().value as string);
  }

  /** A dropped event is handled: the resume point moves past it once everything before it is journaled (not persisted). */
  private passOver(messageId: string): void {
    this.settled = this.settled.then(() => {
      if (!this.frozen) this.lastJournaled = messageId;
    });
  }
}
