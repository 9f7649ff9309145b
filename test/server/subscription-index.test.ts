// The subscription index finds exactly the subscriptions the plain matcher accepts, for any filters and events.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, SEVERITIES, STATES, matchesFilters, normalizeFilters, type Subject } from '../../src-shared/protocol/index.js';
import { SubscriptionIndex } from '../../src-main/server/routing/subscription-index.js';
import { createSubscription, type MatchCollector, type Subscription } from '../../src-main/server/routing/subscription.js';

const few = <T>(xs: readonly T[]) => fc.uniqueArray(fc.constantFrom(...xs), { maxLength: 3 });
const words = ['a', 'b', 'c'];
const ids = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
const filtersArb = fc.record({
  event_types: few(EVENT_TYPES), severities: few(SEVERITIES), states: few(STATES), sources: few(words),
  affected_resources: few(words), incident_ids: few(ids),
  labels: fc.dictionary(fc.constantFrom('team', 'env'), fc.constantFrom(...words), { maxKeys: 2 }),
});
const subjectArb: fc.Arbitrary<Subject> = fc.record({
  incidentId: fc.option(fc.constantFrom(...ids), { nil: undefined }),
  severity: fc.option(fc.constantFrom(...SEVERITIES), { nil: undefined }),
  state: fc.option(fc.constantFrom(...STATES), { nil: undefined }),
  source: fc.option(fc.constantFrom(...words), { nil: undefined }),
  resources: fc.option(few(words), { nil: undefined }),
  labels: fc.option(fc.dictionary(fc.constantFrom('team', 'env'), fc.constantFrom(...words), { maxKeys: 2 }), { nil: undefined }),
});

describe('subscription index', () => {
  it('returns the same subscriptions as matching every filter, each once', () => {
    fc.assert(fc.property(fc.array(filtersArb, { maxLength: 30 }), fc.array(fc.tuple(fc.constantFrom(...EVENT_TYPES), subjectArb), { minLength: 1, maxLength: 10 }),
      fc.array(fc.nat(), { maxLength: 10 }), (filters, events, removals) => {
        const owner: MatchCollector = { matchSeq: 0, firstMatch: undefined, moreMatches: undefined };
        const index = new SubscriptionIndex();
        const subs: Subscription[] = filters.map((f, i) => createSubscription(`s${i}`, normalizeFilters(f), owner));
        for (const s of subs) index.add(s);
        const live = new Set(subs);
        for (const r of removals) {
          const victim = subs[r % Math.max(1, subs.length)];
          if (victim && live.delete(victim)) index.remove(victim);
        }
        events.forEach(([type, subject], k) => {
          const got: string[] = [];
          index.forEachMatch(k + 1, type, subject, (s) => got.push(s.id));
          const want = [...live].filter((s) => matchesFilters(s.filters, type, subject)).map((s) => s.id);
          expect(got.sort()).toEqual(want.sort());
        });
        expect(index.size).toBe(live.size);
      }), { numRuns: 300 });
  });
});
