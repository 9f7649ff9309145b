// The latest known version of every published incident: used for subject matching and the incidents API.
import type { Incident, Severity } from '../../../src-shared/protocol/index.js';
import { queryInMemory, type IncidentQueryResult, type IncidentStoreQuery } from './incident-filter.js';
import { DEFAULT_MEMORY_BOUNDS, IncidentMemory, type IncidentMemoryBounds } from './incident-memory.js';

export interface IncidentStore {
  /** Latest version by lower-case id, including incidents no longer held in memory when the store can read them back at once (SQLite). */
  get(id: string): Incident | undefined;
  /**
   * Like `get`, also reading an evicted incident back from a store that cannot do so synchronously (the cluster
   * bucket); stores that can answer at once resolve with `get`. Rejects when the store cannot be reached.
   */
  fetch(id: string): Promise<Incident | undefined>;
  /** Records a newer version (the whole incident object as published). */
  put(incident: Incident): void;
  /** An `escalated` event changes the stored severity. */
  setSeverity(id: string, severity: Severity, at: string): void;
  /** The in-memory set: every active incident plus recently resolved/closed ones (bounded by configuration). */
  list(): Incident[];
  /** Incidents in the in-memory set. */
  size(): number;
  /** One page of every incident the store keeps, filtered and newest first (the `GET /v1/incidents` path). */
  query(q: IncidentStoreQuery): IncidentQueryResult | Promise<IncidentQueryResult>;
}

/**
 * Keeps incidents in memory only (`journal: memory`): the same eviction bounds apply, and an evicted
 * incident is gone, like the events the memory journal no longer holds.
 */
export class MemoryIncidentStore implements IncidentStore {
  private readonly memory: IncidentMemory;

  constructor(bounds: IncidentMemoryBounds = DEFAULT_MEMORY_BOUNDS, clock: () => number = Date.now) {
    this.memory = new IncidentMemory(bounds, clock);
  }

  get(id: string): Incident | undefined {
    return this.memory.get(id);
  }

  fetch(id: string): Promise<Incident | undefined> {
    return Promise.resolve(this.get(id));
  }

  put(incident: Incident): void {
    this.memory.set(incident.id.toLowerCase(), incident);
  }

  setSeverity(id: string, severity: Severity, at: string): void {
    const cur = this.memory.get(id);
    if (cur) this.memory.set(id, { ...cur, severity, updated_at: at });
  }

  list(): Incident[] {
    return this.memory.current();
  }

  size(): number {
    return this.memory.currentSize();
  }

  query(q: IncidentStoreQuery): IncidentQueryResult {
    this.memory.evict();
    return queryInMemory(this.memory.values(), q);
  }
}
