// Failover: a `resume_after` id another region issued, mapped onto this region's log by what the client already has of each region.
import type { JournalEntry, ReplayFilter, ResumePoint } from '../server/index.js';
import type { RegionId } from './region-ids.js';
import type { RegionEntry } from './region-positions.js';

/**
 * The client saw, of each region R, every event up to intake seq `seen(R)` (the id's vector; a region
 * missing from it counts 0). Replay sends, in this log's order, each entry beyond that; `gap` is true
 * when the first entry of some region after it is not the next intake seq (this log lacks some).
 */
export class SeenFilter implements ReplayFilter {
  private readonly next = new Map<string, number>();
  private missing = false;

  constructor(private readonly seen: ReadonlyMap<string, number>) {}

  wants(entry: RegionEntry): boolean {
    const c = entry.coordinate;
    return c === undefined || c.intakeSeq > (this.seen.get(c.region) ?? 0);
  }

  skip(entry: JournalEntry): boolean {
    const c = (entry as RegionEntry).coordinate;
    if (!this.wants(entry)) return true;
    if (c && !this.next.has(c.region)) {
      if (c.intakeSeq !== (this.seen.get(c.region) ?? 0) + 1) this.missing = true;
      this.next.set(c.region, c.intakeSeq);
    }
    return false;
  }

  gap(): boolean {
    return this.missing;
  }
}

export interface HeldLog {
  /** Entries held in memory, oldest first. */
  held: readonly JournalEntry[];
  /** True when `held` starts at the log's first retained entry (nothing older exists). */
  heldFromStart: boolean;
  /** The log's first retained seq minus one, and its last delivered seq. */
  firstSeq: number;
  lastSeq: number;
  /** Per region, the newest intake seq delivered. */
  newest: ReadonlyMap<string, number>;
}

/**
 * Where to start in this log for a foreign id: just before the first entry the client lacks, when memory
 * shows where that is for every region (it holds the next entry of each region the client lacks some of);
 * otherwise from the first retained entry, read from the stream, the filter leaving out what the client has.
 */
export function resumeForeign(id: RegionId, log: HeldLog): ResumePoint {
  const filter = new SeenFilter(id.vector);
  const firstHeld = new Map<string, number>();
  let start = log.lastSeq;
  for (const e of log.held as readonly RegionEntry[]) {
    const c = e.coordinate;
    if (!c) continue;
    if (!firstHeld.has(c.region)) firstHeld.set(c.region, c.intakeSeq);
    if (start === log.lastSeq && filter.wants(e)) start = e.seq - 1;
  }
  for (const [region, newest] of log.newest) {
    const seen = id.vector.get(region) ?? 0;
    if (newest <= seen || log.heldFromStart) continue;
    const first = firstHeld.get(region);
    if (first === undefined || first > seen + 1) return { known: true, seq: log.firstSeq, filter };
  }
  return { known: true, seq: start, filter };
}
