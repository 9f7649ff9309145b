// The in-memory incident set: every active incident, and closed ones only while recent and few enough.
import type { Incident } from '../../../src-shared/protocol/index.js';
import { isClosedIncident } from './incident-filter.js';

/** How many resolved/closed incidents stay in memory, and for how long; whichever bound is reached first evicts. */
export interface IncidentMemoryBounds {
  /** Seconds a resolved/closed incident stays in memory (after its last update, or after it was stored when nothing else keeps it). Default 86,400 (24 h). */
  memorySecs: number;
  /** Most resolved/closed incidents kept in memory. Default 10,000. */
  memoryMax: number;
}

export const DEFAULT_MEMORY_BOUNDS: IncidentMemoryBounds = { memorySecs: 24 * 3600, memoryMax: 10_000 };

/** When a closed incident's memory time starts for a store that can read it back: its last update (an unparsable one: now). */
export const updatedMs = (i: Incident): number => {
  const ms = Date.parse(i.updated_at);
  return Number.isFinite(ms) ? ms : Date.now();
};

/** Rejects impossible bounds with a message naming the setting. */
export function checkMemoryBounds(b: IncidentMemoryBounds): IncidentMemoryBounds {
  if (!(b.memorySecs > 0)) throw new RangeError(`incident_memory_secs must be a positive number of seconds, got ${b.memorySecs}`);
  if (!(Number.isInteger(b.memoryMax) && b.memoryMax >= 0)) throw new RangeError(`incident_memory_max must be a non-negative integer, got ${b.memoryMax}`);
  return b;
}

/**
 * Active incidents are never evicted: the hot path (subject matching, notifications, the console)
 * needs them all. A closed one is remembered with the time it counts from (never later than now);
 * the least recently stored go first, when there are more than `memoryMax` of them or that time is
 * more than `memorySecs` ago.
 */
export class IncidentMemory {
  private readonly byId = new Map<string, Incident>();
  /** Closed incidents by lower-case id → the ms they count from, least recently stored first (a re-store moves one to the end). */
  private readonly closedAt = new Map<string, number>();

  /** `onEvict` hears each id dropped by the bounds (a store keeping something beside the incident drops it too). */
  constructor(
    private readonly bounds: IncidentMemoryBounds = DEFAULT_MEMORY_BOUNDS, private readonly clock: () => number = Date.now,
    private readonly onEvict: (id: string) => void = () => undefined,
  ) {
    checkMemoryBounds(bounds);
  }

  get(id: string): Incident | undefined {
    return this.byId.get(id);
  }

  /**
   * Stores the version under its lower-case id and evicts what is due. A closed one counts from
   * `closedMs` (default now): a store backed by a file passes its last update, since evicting loses nothing there.
   */
  set(id: string, incident: Incident, closedMs: number = this.clock()): void {
    this.byId.set(id, incident);
    this.closedAt.delete(id);
    if (isClosedIncident(incident)) this.closedAt.set(id, Math.min(closedMs, this.clock()));
    this.evict();
  }

  /** Drops closed incidents past either bound; returns how many went. */
  evict(): number {
    const oldestKept = this.clock() - this.bounds.memorySecs * 1000;
    let evicted = 0;
    for (const [id, at] of this.closedAt) {
      if (this.closedAt.size <= this.bounds.memoryMax && at > oldestKept) break;
      this.closedAt.delete(id);
      this.byId.delete(id);
      this.onEvict(id);
      evicted += 1;
    }
    return evicted;
  }

  values(): IterableIterator<Incident> {
    return this.byId.values();
  }

  /** What a store's `list()` answers: the held set after eviction. */
  current(): Incident[] {
    this.evict();
    return [...this.byId.values()];
  }

  /** What a store's `size()` answers: how many are held after eviction. */
  currentSize(): number {
    this.evict();
    return this.byId.size;
  }

  /** Incidents held (active + closed). */
  get size(): number {
    return this.byId.size;
  }

  /** Resolved/closed incidents held. */
  get closedCount(): number {
    return this.closedAt.size;
  }
}
