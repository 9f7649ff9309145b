// Routing by index: each subscription is filed under its most selective filter field, so routing an
// event visits the subscriptions that could match it rather than every subscription.
import { matchesFilters, type Filters, type Subject } from '../../../src-shared/protocol/index.js';
import type { Subscription } from './subscription.js';

type Bucket = Set<Subscription>;
type FieldKey = 'incident' | 'label' | 'source' | 'resource' | 'severity' | 'state' | 'type';

/** The field a subscription is filed under and the keys within it (one per listed value). */
function indexKeys(f: Filters): { field: FieldKey; keys: string[] } | null {
  if (f.incident_ids.length) return { field: 'incident', keys: f.incident_ids };
  const labelKeys = Object.keys(f.labels);
  if (labelKeys.length) {
    const k = labelKeys[0]!;
    return { field: 'label', keys: [`${k}\u0000${f.labels[k]}`] };
  }
  if (f.sources.length) return { field: 'source', keys: f.sources };
  if (f.affected_resources.length) return { field: 'resource', keys: f.affected_resources };
  if (f.severities.length) return { field: 'severity', keys: f.severities };
  if (f.states.length) return { field: 'state', keys: f.states };
  if (f.event_types.length) return { field: 'type', keys: f.event_types };
  return null;
}

export class SubscriptionIndex {
  private readonly maps = new Map<FieldKey, Map<string, Bucket>>();
  private readonly wildcard: Bucket = new Set();
  private total = 0;

  get size(): number {
    return this.total;
  }

  add(sub: Subscription): void {
    const k = indexKeys(sub.filters);
    this.total += 1;
    if (!k) {
      this.wildcard.add(sub);
      return;
    }
    let m = this.maps.get(k.field);
    if (!m) this.maps.set(k.field, (m = new Map()));
    for (const key of k.keys) {
      let b = m.get(key);
      if (!b) m.set(key, (b = new Set()));
      b.add(sub);
    }
  }

  remove(sub: Subscription): void {
    const k = indexKeys(sub.filters);
    this.total -= 1;
    if (!k) {
      this.wildcard.delete(sub);
      return;
    }
    const m = this.maps.get(k.field);
    if (!m) return;
    for (const key of k.keys) {
      const b = m.get(key);
      if (!b) continue;
      b.delete(sub);
      if (b.size === 0) m.delete(key);
    }
  }

  /**
   * Calls `hit` once for every subscription whose filters accept the event.
   * `seq` must be unique per event: it dedupes subscriptions reached through several keys.
   */
  forEachMatch(seq: number, eventType: string, s: Subject, hit: (sub: Subscription) => void): void {
    const visit = (b: Bucket | undefined) => {
      if (!b) return;
      for (const sub of b) {
        if (sub.visitedSeq === seq) continue;
        sub.visitedSeq = seq;
        if (matchesFilters(sub.filters, eventType, s)) hit(sub);
      }
    };
    visit(this.wildcard);
    visit(this.maps.get('type')?.get(eventType));
    if (s.incidentId !== undefined) visit(this.maps.get('incident')?.get(s.incidentId));
    if (s.severity !== undefined) visit(this.maps.get('severity')?.get(s.severity));
    if (s.state !== undefined) visit(this.maps.get('state')?.get(s.state));
    if (s.source !== undefined) visit(this.maps.get('source')?.get(s.source));
    if (s.resources) {
      const m = this.maps.get('resource');
      if (m) for (const r of s.resources) visit(m.get(r));
    }
    if (s.labels) {
      const m = this.maps.get('label');
      if (m) for (const k in s.labels) visit(m.get(`${k}\u0000${s.labels[k]}`));
    }
  }
}
