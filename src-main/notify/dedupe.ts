// Remembers which incident changes already notified, so reconnects, replays and restarts never repeat a notification.
import type { IncidentEvent } from '../../src-shared/protocol/index.js';

/** Default number of remembered changes; the oldest are forgotten first. */
export const DEDUPE_CAPACITY = 10_000;

/**
 * The keys of one change: the journal message id (a replay of the same entry), and where the event itself
 * identifies the change, a content key (the same change re-published under a new id, e.g. by a relay that
 * reconnected): an incident's id, event type and `updated_at`, or an alert's id.
 */
export function changeKeys(messageId: string, incidentId: string | undefined, e: IncidentEvent): string[] {
  const keys = [`msg|${incidentId ?? '-'}|${messageId}`];
  switch (e.event_type) {
    case 'incident_created': case 'incident_updated': case 'incident_resolved': case 'incident_closed':
      keys.push(`chg|${e.incident.id.toLowerCase()}|${e.event_type}|${e.incident.updated_at}|${e.incident.state}|${e.incident.severity}`);
      break;
    case 'alert_received':
      keys.push(`alert|${e.alert.id.toLowerCase()}`);
      break;
    default:
  }
  return keys;
}

/**
 * A set that forgets its oldest members past `capacity` (insertion order; re-adding refreshes a member).
 * Each member keeps the time it was last added, so a saved copy can drop members older than a retention.
 */
export class BoundedSet {
  private readonly members = new Map<string, number>();

  constructor(private readonly capacity = DEDUPE_CAPACITY) {}

  has(key: string): boolean {
    return this.members.has(key);
  }

  /** Adds (or refreshes) `key`, stamped `at` (epoch ms). */
  add(key: string, at = 0): void {
    this.members.delete(key);
    this.members.set(key, at);
    while (this.members.size > this.capacity) {
      const oldest = this.members.keys().next();
      if (oldest.done) break;
      this.members.delete(oldest.value);
    }
  }

  delete(key: string): boolean {
    return this.members.delete(key);
  }

  /** Members added at or after `since`, oldest first, with their stamps. */
  entries(since = Number.NEGATIVE_INFINITY): [string, number][] {
    return [...this.members].filter(([, at]) => at >= since);
  }

  get size(): number {
    return this.members.size;
  }
}

/** The seen change keys. */
export class SeenChanges {
  readonly keys: BoundedSet;

  constructor(capacity = DEDUPE_CAPACITY) {
    this.keys = new BoundedSet(capacity);
  }

  /** True when any of the keys was seen before; records all of them (stamped `now`) either way. */
  checkAndRemember(keys: readonly string[], now = 0): boolean {
    const seen = keys.some((k) => this.keys.has(k));
    for (const k of keys) this.keys.add(k, now);
    return seen;
  }

  get size(): number {
    return this.keys.size;
  }
}
