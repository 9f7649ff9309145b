// The selective scenarios route as designed: each event matches 1% of the matching subscriptions, none of the quiet ones.
import { describe, expect, it } from 'vitest';
import { FiltersInputSchema, matchesFilters, normalizeFilters, subjectOf } from '../../src-shared/protocol/index.js';
import { incidentEvent } from './bench-events.js';
import { buildScenario, CORE_SCENARIOS, JOURNAL_SCENARIOS } from './scenarios.js';

/** Deliveries of the first `events` events, counted with the protocol's own matcher. */
function bruteForce(name: 'selective' | 'selective-10x', events: number): { deliveries: number; matchedPerEvent: number[]; quietMatches: number } {
  const s = buildScenario(name, true);
  const sessions = Array.from({ length: s.connections }, (_, c) => s.subscriptionsFor(c).map((sub) => ({ id: sub.subscription_id, f: normalizeFilters(sub.filters) })));
  let deliveries = 0;
  let quietMatches = 0;
  const matchedPerEvent: number[] = [];
  for (let i = 0; i < events; i++) {
    const e = incidentEvent(s.eventKey(i), 0);
    const subject = subjectOf(e, () => undefined);
    let matched = 0;
    for (const subs of sessions) {
      const hits = subs.filter((x) => matchesFilters(x.f, e.event_type, subject));
      matched += hits.length;
      quietMatches += hits.filter((x) => x.id.startsWith('q')).length;
      if (hits.length > 0) deliveries += 1;
    }
    matchedPerEvent.push(matched);
  }
  return { deliveries, matchedPerEvent, quietMatches };
}

describe('scenarios', () => {
  it('selective: the expected deliveries equal what the protocol matcher computes, 1% of subscriptions per event', () => {
    const s = buildScenario('selective', true);
    const r = bruteForce('selective', s.traffic.kind === 'batches' ? s.traffic.events : 0);
    expect(r.deliveries).toBe(s.expectedDeliveries);
    const matching = s.connections * s.subscriptionsFor(0).length;
    for (const m of r.matchedPerEvent) expect(m).toBe(matching / 100);
  });

  it('selective-10x: ten times the subscriptions, the added ones never match, the deliveries unchanged', () => {
    const base = buildScenario('selective', true);
    const tenfold = buildScenario('selective-10x', true);
    expect(tenfold.subscriptionsFor(0).length).toBe(10 * base.subscriptionsFor(0).length);
    const r = bruteForce('selective-10x', 100);
    expect(r.quietMatches).toBe(0);
    expect(r.deliveries).toBe(tenfold.deliveriesFor(100));
    expect(tenfold.expectedDeliveries).toBe(base.expectedDeliveries);
  });

  it('every subscription is a valid filter, within 1,000 per session, at full size too', () => {
    for (const name of [...CORE_SCENARIOS, ...JOURNAL_SCENARIOS]) {
      const s = buildScenario(name, false);
      const subs = s.connections > 0 ? s.subscriptionsFor(s.connections - 1) : [];
      expect(subs.length).toBeLessThanOrEqual(1000);
      for (const sub of subs) expect(FiltersInputSchema.safeParse(sub.filters).success).toBe(true);
      expect(new Set(subs.map((x) => x.subscription_id)).size).toBe(subs.length);
    }
  });
});
