// The incident store plus versions decided but not yet published, so that concurrent requests never create twice.
import type { Incident } from '../../src-shared/protocol/index.js';
import type { IncidentQueryResult, IncidentStore, IncidentStoreQuery } from '../server/index.js';

/**
 * How long a staged version shadows the store. The hub applies a publish to the store within one
 * event-loop turn, so this only matters when the publish that would have applied it failed.
 */
export const STAGED_TTL_MS = 10_000;

interface Staged { incident: Incident; at: number }

/**
 * Readers see the newest decision: a staged version (decided, publish in flight) or the store's
 * when the store holds a strictly newer `updated_at` (e.g. an `escalated` published meanwhile).
 * Deciding and staging happen in one synchronous step, so two requests about the same incident
 * cannot both see "absent" and both create it.
 */
export class IncidentLedger {
  private readonly staged = new Map<string, Staged>();

  constructor(private readonly store: () => IncidentStore, private readonly clock: () => number = Date.now) {}

  get(id: string): Incident | undefined {
    const key = id.toLowerCase();
    const s = this.staged.get(key);
    const stored = this.store().get(key);
    if (!s) return stored;
    const storeIsNewer = stored !== undefined && Date.parse(stored.updated_at) > Date.parse(s.incident.updated_at);
    if (this.clock() - s.at < STAGED_TTL_MS && !storeIsNewer) return s.incident;
    this.staged.delete(key);
    return stored;
  }

  /** Like `get`, reading an evicted incident back when the store needs a round trip for it (cluster mode); rejects when it cannot. */
  async fetch(id: string): Promise<Incident | undefined> {
    return this.get(id) ?? (await this.store().fetch(id.toLowerCase()));
  }

  /** The store's in-memory set (every active incident, recent closed ones; staged versions are seconds from being stored). */
  list(): Incident[] {
    return this.store().list();
  }

  /** One page of every stored incident, answered by the store (the REST list). */
  query(q: IncidentStoreQuery): IncidentQueryResult | Promise<IncidentQueryResult> {
    return this.store().query(q);
  }

  /** Records a decided version until its publish settles. */
  stage(incident: Incident): void {
    const key = incident.id.toLowerCase();
    const at = this.clock();
    this.staged.delete(key);
    this.staged.set(key, { incident, at });
    // Oldest first: versions whose publish failed and that nobody read since are dropped here, so the map
    // holds only what was staged within STAGED_TTL_MS.
    for (const [k, s] of this.staged) {
      if (at - s.at < STAGED_TTL_MS) break;
      this.staged.delete(k);
    }
  }

  /** The publish of these versions settled (applied to the store, or failed): stop shadowing the store. */
  settle(incidents: readonly Incident[]): void {
    for (const i of incidents) {
      const key = i.id.toLowerCase();
      if (this.staged.get(key)?.incident === i) this.staged.delete(key);
    }
  }

  /** Staged versions still shadowing the store (for tests and status). */
  stagedCount(): number {
    return this.staged.size;
  }
}
