// The console's incident timelines are rebuilt from the journal on first use, not while the server starts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedEvent } from '../../src-shared/bridge/index.js';
import { IncidentTracker, ONCALL_STATE_FILE } from '../../src-main/control/incident-tracker.js';
import { makeIncident } from '../journal/journal-fixtures.js';

const ID = '00000000-0000-4000-8000-000000000001';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'ir-tracker-'));
  dirs.push(d);
  return d;
};
const noProblems = (message: string) => { throw new Error(message); };
const feed = (n: number, state: 'Detected' | 'Investigating'): FeedEvent => ({
  messageId: `e-${n}`, timestamp: `2026-01-01T00:00:0${n}Z`, subscriptionIds: [], upstream: null,
  event: { event_type: n === 1 ? 'incident_created' : 'incident_updated', incident: makeIncident({ id: ID, state }), ...(n === 1 ? {} : { previous_state: 'Detected' }) } as FeedEvent['event'],
});

describe('IncidentTracker backfill', () => {
  it('reads the backfill once, at first use, before the first live event', () => {
    let reads = 0;
    const tracker = new IncidentTracker(tempDir(), noProblems, Date.now, 100, () => {
      reads += 1;
      return [[ID, feed(1, 'Detected')], [ID, feed(2, 'Investigating')]];
    });
    expect(reads).toBe(0);
    tracker.observe(ID, feed(3, 'Investigating'));
    expect(reads).toBe(1);
    expect(tracker.timeline(ID).map((e) => e.messageId)).toEqual(['e-1', 'e-2', 'e-3']);
    expect(tracker.summary(makeIncident({ id: ID, state: 'Investigating' }))).toMatchObject({ eventCount: 3, acknowledgedAt: '2026-01-01T00:00:02Z' });
    expect(reads).toBe(1);
  });

  it('a read of a timeline or a summary is a first use too', () => {
    let reads = 0;
    const tracker = new IncidentTracker(tempDir(), noProblems, Date.now, 100, () => {
      reads += 1;
      return [[ID, feed(1, 'Detected')]];
    });
    expect(tracker.summary(makeIncident({ id: ID })).eventCount).toBe(1);
    expect(tracker.timeline(ID)).toHaveLength(1);
    expect(reads).toBe(1);
  });

  it('reads the saved acknowledgement state at first use too, not when created', () => {
    const dir = tempDir();
    const save = (by: string) => writeFileSync(join(dir, ONCALL_STATE_FILE), JSON.stringify({
      version: 1, incidents: { [ID]: { acknowledgedAt: '2026-01-01T00:00:05Z', acknowledgedBy: by, snoozedUntil: null } },
    }));
    save('created-time');
    const tracker = new IncidentTracker(dir, noProblems);
    save('first-use');
    expect(tracker.summary(makeIncident({ id: ID })).acknowledgedBy).toBe('first-use');
  });
});
