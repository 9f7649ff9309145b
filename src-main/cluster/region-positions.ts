// A node's view of its region log: each entry's coordinate, the running per-region vector, and the log position of its own publishes.
import type { JetStreamManager } from '@nats-io/jetstream';
import type { JournalEntry, Logger } from '../server/index.js';
import { coordinateFrom, formatRegionId, type Coordinate } from './region-ids.js';
import type { RegionLayout } from './region-layout.js';

/** A region-log entry: a journal entry plus where it came from. */
export interface RegionEntry extends JournalEntry { coordinate?: Coordinate }

const SOURCE_HEADER = 'Nats-Stream-Source';

export class RegionPositions {
  /** Per region, the newest intake seq among the entries delivered so far. */
  private readonly vector = new Map<string, number>();
  /** Own intake seq → the log entry that carries it, for publishes waiting for their log position (bounded). */
  private readonly ownByIntake = new Map<number, JournalEntry>();

  constructor(readonly layout: RegionLayout, private readonly epoch: string, private readonly ownLimit: number) {
    for (const r of [layout.region, ...layout.sources]) this.vector.set(r, 0);
  }

  /** Sets the vector as of the log position before the first entry this node delivers (see `vectorAt`). */
  startFrom(vector: ReadonlyMap<string, number>): void {
    for (const [r, n] of vector) this.vector.set(r, Math.max(this.vector.get(r) ?? 0, n));
  }

  /** Coordinate of a log message from its `Nats-Stream-Source` header. */
  coordinateOf(headerValue: string | undefined): Coordinate | undefined {
    return coordinateFrom(headerValue, (name) => this.layout.regionOfIntake(name));
  }

  /** Stamps a delivered entry (in log order): its coordinate and its region id; remembers own publishes. */
  stamp(entry: JournalEntry, sourceHeader: string | undefined): RegionEntry {
    const coordinate = this.coordinateOf(sourceHeader);
    if (coordinate) this.vector.set(coordinate.region, Math.max(this.vector.get(coordinate.region) ?? 0, coordinate.intakeSeq));
    const stamped: RegionEntry = { ...entry, messageId: formatRegionId(this.epoch, entry.seq, this.vector), coordinate };
    if (coordinate?.region === this.layout.region) {
      this.ownByIntake.set(coordinate.intakeSeq, stamped);
      if (this.ownByIntake.size > this.ownLimit) this.ownByIntake.delete(this.ownByIntake.keys().next().value!);
    }
    return stamped;
  }

  /** The log entry of this region's publish with intake seq `intakeSeq`, once delivered. */
  ownEntry(intakeSeq: number): JournalEntry | undefined {
    return this.ownByIntake.get(intakeSeq);
  }

  /** Per region, the newest intake seq delivered. */
  vectorNow(): ReadonlyMap<string, number> {
    return this.vector;
  }

  /** Newest own intake seq delivered. */
  ownDelivered(): number {
    return this.vector.get(this.layout.region) ?? 0;
  }

  /** Positions for reading the log back from after `afterSeq` (replays older than memory): the vector as of there. */
  static async readingFrom(jsm: JetStreamManager, layout: RegionLayout, epoch: string, firstSeq: number, afterSeq: number, logger: Logger): Promise<RegionPositions> {
    const p = new RegionPositions(layout, epoch, 0);
    p.startFrom(await RegionPositions.vectorAt(jsm, layout, firstSeq, afterSeq, logger));
    return p;
  }

  /**
   * The vector as of log position `seq` (entries up to and including it), read from the log: for each
   * region a binary search for its last message at or before `seq`. A region whose messages there were
   * all pruned (or that could not be read) counts 0: a failover then replays more, never less.
   */
  static async vectorAt(jsm: JetStreamManager, layout: RegionLayout, firstSeq: number, seq: number, logger: Logger): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const r of [layout.region, ...layout.sources]) {
      try {
        out.set(r, await lastIntakeSeqAt(jsm, layout, r, firstSeq, seq));
      } catch (err) {
        logger.warn('cluster: could not read where a region stood in the log; failovers from here may repeat events', { region: r, error: (err as Error).message });
        out.set(r, 0);
      }
    }
    return out;
  }
}

/** Intake seq of `region`'s last message at log position ≤ `seq` (0 when none is retained). */
async function lastIntakeSeqAt(jsm: JetStreamManager, layout: RegionLayout, region: string, firstSeq: number, seq: number): Promise<number> {
  if (seq < firstSeq) return 0;
  const filter = `${layout.subjectPrefix(region)}.>`;
  const firstAtOrAfter = async (from: number) => {
    try {
      return await jsm.streams.getMessage(layout.logStream, { seq: from, next_by_subj: filter } as unknown as { seq: number });
    } catch (err) {
      if (/no message found|not found/i.test((err as Error).message)) return undefined;
      throw err;
    }
  };
  const atFirst = await firstAtOrAfter(firstSeq);
  if (!atFirst || atFirst.seq > seq) return 0;
  // The largest start s with a message of the region in [s, seq]: its first such message is the last one at or before seq.
  let lo = atFirst.seq;
  let hi = seq;
  let found = atFirst;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const m = await firstAtOrAfter(mid);
    if (m && m.seq <= seq) {
      lo = m.seq;
      found = m;
    } else hi = mid - 1;
  }
  const c = coordinateFrom(found.header?.get(SOURCE_HEADER), (name) => layout.regionOfIntake(name));
  return c?.intakeSeq ?? 0;
}
