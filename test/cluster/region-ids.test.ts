// Region ids, failover mapping and the incident rule, on plain values: formats, what a foreign id replays, when that is a gap.
import { describe, expect, it } from 'vitest';
import { coordinateFrom, formatRegionId, parseRegionId } from '../../src-main/cluster/region-ids.js';
import { resumeForeign, type HeldLog } from '../../src-main/cluster/region-resume.js';
import type { RegionEntry } from '../../src-main/cluster/region-positions.js';
import { compareVersions } from '../../src-main/cluster/incident-rank.js';
import { created, incident } from '../support/fixtures.js';

describe('region ids', () => {
  it('round-trips: epoch, seq and a vector sorted by region', () => {
    const id = formatRegionId('eu.0a1b2c3d4e5f', 123, new Map([['us', 57], ['eu', 12], ['ap-south', 0]]));
    expect(id).toBe('eu.0a1b2c3d4e5f-123~ap-south.0_eu.12_us.57');
    expect(parseRegionId(id)).toEqual({ epoch: 'eu.0a1b2c3d4e5f', region: 'eu', seq: 123, vector: new Map([['ap-south', 0], ['eu', 12], ['us', 57]]) });
  });

  it('refuses other ids: single-region ids, bad seqs, bad or repeated regions', () => {
    for (const bad of ['0a1b2c3d4e5f-12', 'eu.abc-0~eu.1', 'eu.abc-x~eu.1', 'EU.abc-1~eu.1', 'eu.abc-1~eu.1_eu.2', 'eu.abc-1~eu.01', 'eu.abc-1~eu', 'abc-1~eu.1']) {
      expect(parseRegionId(bad), bad).toBeUndefined();
    }
  });

  it('reads the coordinate JetStream stamps on a sourced message', () => {
    const regionOf = (s: string) => ({ INCIDENT_RELAY_US_LOCAL: 'us' } as Record<string, string>)[s];
    expect(coordinateFrom('INCIDENT_RELAY_US_LOCAL 42', regionOf)).toEqual({ region: 'us', intakeSeq: 42 });
    expect(coordinateFrom('INCIDENT_RELAY_US_LOCAL:a1b2 7', regionOf)).toEqual({ region: 'us', intakeSeq: 7 });
    expect(coordinateFrom('OTHER 7', regionOf)).toBeUndefined();
    expect(coordinateFrom(undefined, regionOf)).toBeUndefined();
  });
});

/** A log entry at `seq` published in `region` with intake seq `intakeSeq`. */
const entry = (seq: number, region: string, intakeSeq: number): RegionEntry => ({
  ...{ publishedAt: '', priority: 2, event: created(incident()), eventType: 'incident_created', eventJson: '', subject: {} },
  seq, messageId: `x-${seq}`, coordinate: { region, intakeSeq },
} as RegionEntry);

/** The us log: us events interleaved with eu events, from `first` on. */
function usLog(entries: RegionEntry[], heldFromStart: boolean): HeldLog {
  const newest = new Map<string, number>();
  for (const e of entries) newest.set(e.coordinate!.region, e.coordinate!.intakeSeq);
  return { held: entries, heldFromStart, firstSeq: entries[0]!.seq - 1, lastSeq: entries.at(-1)!.seq, newest };
}

/** Replays a resume point over the held entries the way the hub does: what it sends and whether it reports a gap. */
function replayOver(log: HeldLog, id: string): { sent: number[]; gap: boolean } {
  const point = resumeForeign(parseRegionId(id)!, log);
  if (!point.known) throw new Error('unknown');
  const sent = log.held.filter((e) => e.seq > point.seq && !point.filter!.skip(e)).map((e) => e.seq);
  return { sent, gap: point.filter!.gap() };
}

describe('failover onto another region\'s log', () => {
  // us log positions 1..8: eu intake 1,2 | us 1 | eu 3 | us 2,3 | eu 4 | us 4
  const log = [entry(1, 'eu', 1), entry(2, 'eu', 2), entry(3, 'us', 1), entry(4, 'eu', 3), entry(5, 'us', 2), entry(6, 'us', 3), entry(7, 'eu', 4), entry(8, 'us', 4)];

  it('sends every entry the client lacks of each region, in this log\'s order, and no gap', () => {
    // The client saw eu up to 3 and us up to 2 (in eu's log us 2 came before eu 3, here after).
    expect(replayOver(usLog(log, true), 'eu.abc-9~eu.3_us.2')).toEqual({ sent: [6, 7, 8], gap: false });
    expect(replayOver(usLog(log, true), 'eu.abc-2~eu.1')).toEqual({ sent: [2, 3, 4, 5, 6, 7, 8], gap: false });
  });

  it('reports a gap when this log lacks the next entry of a region the client needs (pruned)', () => {
    const pruned = log.slice(3); // positions 4..8: eu 3,4 and us 2..4 retained, us 1 gone
    expect(replayOver(usLog(pruned, true), 'eu.abc-2~eu.2')).toEqual({ sent: [4, 5, 6, 7, 8], gap: true });
    expect(replayOver(usLog(pruned, true), 'eu.abc-2~eu.2_us.1')).toEqual({ sent: [4, 5, 6, 7, 8], gap: false });
  });

  it('starts from the log\'s first entry when memory does not reach back to what the client lacks', () => {
    const tail = { ...usLog(log.slice(5), false), firstSeq: 0 }; // the log retains 1..8, memory holds 6..8 only
    const point = resumeForeign(parseRegionId('eu.abc-2~eu.2_us.1')!, tail);
    expect(point).toMatchObject({ known: true, seq: 0 });
    const inMemory = resumeForeign(parseRegionId('eu.abc-2~eu.3_us.2')!, tail);
    expect(inMemory).toMatchObject({ known: true, seq: 5 });
  });
});

describe('incident versions across regions', () => {
  const at = (state: 'Triaged' | 'Investigating' | 'Resolved', updated_at: string, region: string) => ({ incident: incident({ id: 'INC-1', state, updated_at }), region });

  it('orders by updated_at, then state, then region name, the same whichever side is asked', () => {
    const pairs = [
      [at('Resolved', '2026-01-01T00:00:00Z', 'eu'), at('Triaged', '2026-01-01T00:00:01Z', 'us')],
      [at('Triaged', '2026-01-01T00:00:00Z', 'us'), at('Investigating', '2026-01-01T00:00:00Z', 'eu')],
      [at('Triaged', '2026-01-01T00:00:00Z', 'ap'), at('Triaged', '2026-01-01T00:00:00Z', 'eu')],
    ] as const;
    for (const [loser, winner] of pairs) {
      expect(compareVersions(loser, winner)).toBeLessThan(0);
      expect(compareVersions(winner, loser)).toBeGreaterThan(0);
    }
    expect(compareVersions(at('Triaged', 'x', 'eu'), at('Triaged', 'not a date', 'eu'))).toBe(0);
  });
});
