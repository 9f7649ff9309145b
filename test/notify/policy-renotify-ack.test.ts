// Re-notifying unacknowledged P0 incidents every N minutes until acknowledged or resolved; acknowledging.
import { describe, expect, it } from 'vitest';
import { NotificationPolicy } from '../../src-main/notify/index.js';
import { FakeClock, IncidentMap, created, entry, escalated, incident, resolved, updated } from './support/fixtures.js';

const MIN = 60_000;

/** Runs the policy's timer by hand up to `until`, collecting reminder titles. */
function runUntil(p: NotificationPolicy, clock: FakeClock, until: number): string[] {
  const titles: string[] = [];
  for (let due = p.dueAt(); due !== undefined && due <= until; due = p.dueAt()) {
    clock.t = due;
    titles.push(...p.tick(due).map((n) => n.title));
  }
  clock.t = until;
  return titles;
}

describe('re-notify unacknowledged P0', () => {
  it('every 5 minutes by default, until acknowledged', () => {
    const clock = new FakeClock();
    const p = new NotificationPolicy();
    const i = incident({ severity: 'P0', title: 'Payments down' });
    p.onEntry(entry(created(i)), clock.now());
    expect(p.dueAt()).toBe(clock.now() + 5 * MIN);
    const start = clock.now();
    expect(runUntil(p, clock, start + 16 * MIN)).toEqual([
      ...Array<string>(3).fill('P0 · api-gateway: Payments down — still unacknowledged'),
    ]);
    const [reminder] = p.status(clock.now()).reminders;
    expect(reminder).toMatchObject({ incidentId: i.id, count: 3 });
    p.acknowledge(i.id, 'alice', clock.now());
    expect(p.dueAt()).toBeUndefined();
    expect(runUntil(p, clock, start + 60 * MIN)).toEqual([]);
  });

  it('until acknowledged elsewhere: an incident_updated to Triaged (PROTOCOL 1.1 acknowledge) stops them', () => {
    const clock = new FakeClock();
    const p = new NotificationPolicy();
    const d = incident({ severity: 'P0' });
    p.onEntry(entry(created(d)), clock.now());
    expect(p.dueAt()).toBe(clock.now() + 5 * MIN);
    p.onEntry(entry(updated({ ...d, state: 'Triaged' }, 'Detected')), clock.advance(MIN));
    expect(p.dueAt()).toBeUndefined();
  });

  it('until resolved, closed or taken on (Investigating) elsewhere', () => {
    const clock = new FakeClock();
    const p = new NotificationPolicy();
    const a = incident({ severity: 'P0' });
    const b = incident({ severity: 'P0' });
    const c = incident({ severity: 'P0' });
    for (const i of [a, b, c]) p.onEntry(entry(created(i)), clock.now());
    p.onEntry(entry(resolved(a)), clock.advance(MIN));
    p.onEntry(entry({ event_type: 'incident_closed', incident: { ...b, state: 'Closed' } }), clock.now());
    p.onEntry(entry(updated({ ...c, state: 'Investigating' }, 'Detected')), clock.now());
    expect(p.dueAt()).toBeUndefined();
  });

  it('stops when the incident is de-escalated below P0, and starts for an escalation to P0', () => {
    const clock = new FakeClock();
    const store = new IncidentMap();
    const p = new NotificationPolicy({ lookup: store.get });
    const i = store.put(incident({ severity: 'P1' }));
    p.onEntry(entry(created(i)), clock.now());
    expect(p.dueAt()).toBeUndefined();
    p.onEntry(entry(escalated(i, 'P0')), clock.now());
    expect(p.dueAt()).toBe(clock.now() + 5 * MIN);
    p.onEntry(entry(escalated({ ...i, severity: 'P0' }, 'P1')), clock.now());
    expect(p.dueAt()).toBeUndefined();
  });

  it('uses the configured interval, and 0 turns it off', () => {
    const clock = new FakeClock();
    const p = new NotificationPolicy({ settings: { renotify_p0_mins: 2 } });
    p.onEntry(entry(created(incident({ severity: 'P0' }))), clock.now());
    expect(p.dueAt()).toBe(clock.now() + 2 * MIN);
    p.configure({ renotify_p0_mins: 0 });
    expect(p.dueAt()).toBeUndefined();
    p.onEntry(entry(created(incident({ severity: 'P0' }))), clock.now());
    expect(p.dueAt()).toBeUndefined();
  });

  it('reminds through quiet hours (P0 breakthrough), and not during a snooze of that incident', () => {
    const clock = new FakeClock(Date.parse('2025-03-10T02:00:00Z'));
    const p = new NotificationPolicy({ settings: { quiet_hours: { enabled: true, start: '00:00', end: '06:00', time_zone: 'UTC' } } });
    const loud = incident({ severity: 'P0', title: 'Loud' });
    const snoozed = incident({ severity: 'P0', title: 'Snoozed' });
    p.onEntry(entry(created(loud)), clock.now());
    p.onEntry(entry(created(snoozed)), clock.now());
    p.snooze({ durationMs: 12 * MIN, incidentId: snoozed.id }, clock.now());
    const titles = runUntil(p, clock, clock.now() + 15 * MIN);
    expect(titles.filter((t) => t.includes('Loud'))).toHaveLength(3);
    expect(titles.filter((t) => t.includes('Snoozed'))).toHaveLength(1); // the 15-minute one, after the snooze ended
  });

  it('does not start for an incident already acknowledged or already being investigated', () => {
    const clock = new FakeClock();
    const p = new NotificationPolicy();
    const i = incident({ severity: 'P0' });
    p.acknowledge(i.id, 'bob', clock.now());
    p.onEntry(entry(created(i)), clock.now());
    p.onEntry(entry(created(incident({ severity: 'P0', state: 'Investigating' }))), clock.now());
    expect(p.dueAt()).toBeUndefined();
  });
});

describe('acknowledge', () => {
  it('records who and when, and returns incident_updated with PROTOCOL 1.1 semantics (Detected → Triaged, actor in the timeline)', () => {
    const clock = new FakeClock();
    const store = new IncidentMap();
    const p = new NotificationPolicy({ lookup: store.get });
    const i = store.put(incident({ severity: 'P0', state: 'Detected' }));
    p.onEntry(entry(created(i)), clock.now());
    const r = p.acknowledge(i.id.toUpperCase(), 'alice', clock.advance(90_000));
    expect(r.acknowledgement).toEqual({ incidentId: i.id, by: 'alice', at: clock.now() });
    const at = new Date(clock.now()).toISOString();
    expect(r.publish).toEqual({
      event_type: 'incident_updated', previous_state: 'Detected',
      incident: {
        ...i, state: 'Triaged', updated_at: at,
        timeline: [{ timestamp: at, event_type: 'StateChanged', actor: 'alice', description: 'acknowledged by alice', metadata: { action: 'acknowledge', from: 'Detected', to: 'Triaged' } }],
      },
    });
    expect(p.status(clock.now()).acknowledgements).toEqual([r.acknowledgement]);
  });

  it('publishes nothing for an unknown incident or one already acknowledged (Triaged or later)', () => {
    const clock = new FakeClock();
    const store = new IncidentMap();
    const p = new NotificationPolicy({ lookup: store.get });
    const remediating = store.put(incident({ state: 'Remediating' }));
    const triaged = store.put(incident({ state: 'Triaged' }));
    expect(p.acknowledge(incident().id, 'alice', clock.now()).publish).toBeUndefined();
    expect(p.acknowledge(triaged.id, 'alice', clock.now()).publish).toBeUndefined();
    expect(p.acknowledge(remediating.id, 'alice', clock.now()).publish).toBeUndefined();
    expect(p.acknowledge(triaged.id, 'alice', clock.now()).publish).toBeUndefined();
  });
});
