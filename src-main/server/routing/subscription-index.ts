// Routing by index: each subscription is filed under its most selective filter field, and within that field's
// bucket partitioned by event type and severity, so routing an event visits the subscriptions that could match it
// rather than every subscription (a P0-only or comment-only subscription is never visited for other events).
import { matchesFilters, type Filters, type Subject } from '../../../src-shared/protocol/index.js';
import type { Subscription } from './subscription.js';

type FieldKey = 'incident' | 'label' | 'source' | 'resource' | 'severity' | 'state' | 'type' | 'all';
const ANY = '*';

/** The field a subscription is filed under and the keys within it (one per listed value). */
function indexKeys(f: Filters): { field: FieldKey; keys: readonly string[] } {
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
  return { field: 'all', keys: [ANY] };
}

/** Partition keys inside a bucket: `<event type or *>|<severity or *>`, one per combination the filter lists. */
function partitionKeys(f: Filters): string[] {
  const types = f.event_types.length ? f.event_types : [ANY];
  const sevs = f.severities.length ? f.severities : [ANY];
  const out: string[] = [];
  for (const t of types) for (const s of sevs) out.push(`${t}|${s}`);
  return out;
}

/** The subscriptions filed under one field value, partitioned by event type and severity. */
type Bucket = Map<string, Set<Subscription>>;

export class SubscriptionIndex {
  private readonly fields = new Map<FieldKey, Map<string, Bucket>>();
  private total = 0;

  get size(): number {
    return this.total;
  }

  add(sub: Subscription): void {
    this.total += 1;
    this.each(sub, (bucketMap, key, part) => {
      let bucket = bucketMap.get(key);
      if (!bucket) bucketMap.set(key, (bucket = new Map()));
      let set = bucket.get(part);
      if (!set) bucket.set(part, (set = new Set()));
      set.add(sub);
    });
  }

  remove(sub: Subscription): void {
    this.total -= 1;
    this.each(sub, (bucketMap, key, part) => {
      const bucket = bucketMap.get(key);
      const set = bucket?.get(part);
      if (!bucket || !set) return;
      set.delete(sub);
      if (set.size === 0) bucket.delete(part);
      if (bucket.size === 0) bucketMap.delete(key);
    });
  }

  private each(sub: Subscription, fn: (bucketMap: Map<string, Bucket>, key: string, part: string) => void): void {
    const { field, keys } = indexKeys(sub.filters);
    let bucketMap = this.fields.get(field);
    if (!bucketMap) this.fields.set(field, (bucketMap = new Map()));
    const parts = partitionKeys(sub.filters);
    for (const key of keys) for (const part of parts) fn(bucketMap, key, part);
  }

  /**
   * Calls `hit` once for every subscription whose filters accept the event.
   * `seq` must be unique per event: it dedupes subscriptions reached through several keys.
   */
  forEachMatch(seq: number, eventType: string, s: Subject, hit: (sub: Subscription) => void): void {
    const p0 = `${ANY}|${ANY}`;
    const p1 = `${eventType}|${ANY}`;
    const p2 = s.severity !== undefined ? `${ANY}|${s.severity}` : undefined;
    const p3 = s.severity !== undefined ? `${eventType}|${s.severity}` : undefined;
    const visitSet = (set: Set<Subscription> | undefined) => {
      if (!set) return;
      for (const sub of set) {
        if (sub.visitedSeq === seq) continue;
        sub.visitedSeq = seq;
        if (matchesFilters(sub.filters, eventType, s)) hit(sub);
      }
    };
    const visit = (bucket: Bucket | undefined) => {
      if (!bucket) return;
      visitSet(bucket.get(p0));
      visitSet(bucket.get(p1));
      if (p2 !== undefined) {
        visitSet(bucket.get(p2));
        visitSet(bucket.get(p3!));
      }
    };
    visit(this.fields.get('all')?.get(ANY));
    visit(this.fields.get('type')?.get(eventType));
    if (s.incidentId !== undefined) visit(this.fields.get('incident')?.get(s.incidentId));
    if (s.severity !== undefined) visit(this.fields.get('severity')?.get(s.severity));
    if (s.state !== undefined) visit(this.fields.get('state')?.get(s.state));
    if (s.source !== undefined) visit(this.fields.get('source')?.get(s.source));
    if (s.resources) {
      const m = this.fields.get('resource');
      if (m) for (const r of s.resources) visit(m.get(r));
    }
    if (s.labels) {
      const m = this.fields.get('label');
      if (m) for (const k in s.labels) visit(m.get(`${k}\u0000${s.labels[k]}`));
    }
  }
}
