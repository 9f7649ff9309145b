// The relay's Prometheus metrics, labelled by upstream, on the local server's own registry.
import { Counter, Gauge, type Registry } from 'prom-client';
import { LOOP_REASONS } from './loop-guard.js';

/**
 * Outcome of one upstream event: journaled and fanned out locally, seen before, refused by validation, lost to a local
 * failure, or dropped by loop protection (`relay_loop_drops_total` says why).
 */
export type RelayEventOutcome = 'relayed' | 'duplicate' | 'invalid' | 'failed' | 'looped';
const OUTCOMES: readonly RelayEventOutcome[] = ['relayed', 'duplicate', 'invalid', 'failed', 'looped'];

export interface RelayMetrics {
  connected: Gauge<'upstream'>;
  reconnects: Counter<'upstream'>;
  events: Counter<'upstream' | 'outcome'>;
  lag: Gauge<'upstream'>;
  loopDrops: Counter<'upstream' | 'reason'>;
  /** Reconcile events published (an update or resolve the upstream never sent). */
  reconciled: Counter<'upstream'>;
  /** Gap marks journaled (events of the upstream may be missing there). */
  gapMarks: Counter<'upstream'>;
  /** Shows one upstream's series at zero from the start. */
  init(upstream: string): void;
  /** Drops one upstream's series (after `removeUpstream`). */
  forget(upstream: string): void;
}

/** Registers the metrics once per registry; a second relay on the same server shares them. */
export function relayMetrics(registry: Registry): RelayMetrics {
  const r = [registry];
  const existing = <T>(name: string) => registry.getSingleMetric(name) as T | undefined;
  const connected = existing<Gauge<'upstream'>>('relay_upstream_connected')
    ?? new Gauge({ name: 'relay_upstream_connected', help: '1 while the upstream connection is subscribed, else 0', labelNames: ['upstream'] as const, registers: r });
  const reconnects = existing<Counter<'upstream'>>('relay_reconnects_total')
    ?? new Counter({ name: 'relay_reconnects_total', help: 'Connection attempts after the first, per upstream', labelNames: ['upstream'] as const, registers: r });
  const events = existing<Counter<'upstream' | 'outcome'>>('relay_events_total')
    ?? new Counter({
      name: 'relay_events_total', help: 'Upstream events by outcome (relayed, duplicate, invalid, failed, looped)',
      labelNames: ['upstream', 'outcome'] as const, registers: r,
    });
  const lag = existing<Gauge<'upstream'>>('relay_upstream_lag_seconds')
    ?? new Gauge({ name: 'relay_upstream_lag_seconds', help: 'How far behind the upstream the relay is now (s): the newest event\'s age when it arrived, 0 once caught up', labelNames: ['upstream'] as const, registers: r });
  const loopDrops = existing<Counter<'upstream' | 'reason'>>('relay_loop_drops_total')
    ?? new Counter({
      name: 'relay_loop_drops_total', help: 'Upstream events not re-published by loop protection (own_stream, in_path, known_origin, hop_limit)',
      labelNames: ['upstream', 'reason'] as const, registers: r,
    });
  const reconciled = existing<Counter<'upstream'>>('relay_reconciled_total')
    ?? new Counter({ name: 'relay_reconciled_total', help: 'Incidents updated, resolved or closed here by the reconcile (the upstream sent no event), per upstream', labelNames: ['upstream'] as const, registers: r });
  const gapMarks = existing<Counter<'upstream'>>('relay_gap_marks_total')
    ?? new Counter({ name: 'relay_gap_marks_total', help: 'Gap marks journaled: connections that could not get what the upstream published meanwhile', labelNames: ['upstream'] as const, registers: r });
  const perUpstream = [reconnects, reconciled, gapMarks];
  return {
    connected, reconnects, events, lag, loopDrops, reconciled, gapMarks,
    init(upstream) {
      connected.set({ upstream }, 0);
      for (const counter of perUpstream) counter.inc({ upstream }, 0);
      lag.set({ upstream }, 0);
      for (const outcome of OUTCOMES) events.inc({ upstream, outcome }, 0);
      for (const reason of LOOP_REASONS) loopDrops.inc({ upstream, reason }, 0);
    },
    forget(upstream) {
      connected.remove({ upstream });
      for (const counter of perUpstream) counter.remove({ upstream });
      lag.remove({ upstream });
      for (const outcome of OUTCOMES) events.remove({ upstream, outcome });
      for (const reason of LOOP_REASONS) loopDrops.remove({ upstream, reason });
    },
  };
}
