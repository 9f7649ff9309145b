// Snooze (everything or one incident) and quiet hours, with and without the P0 breakthrough.
import { describe, expect, it } from 'vitest';
import { NotificationPolicy } from '../../src-main/notify/index.js';
import { FakeClock, IncidentMap, created, entry, escalated, incident } from './support/fixtures.js';

const HOUR = 3_600_000;
const MIN = 60_000;

describe('snooze everything', () => {
  it('holds P1 until it ends, while P0 breaks through', () => {
    const clock = new FakeClock();
    const p = new NotificationPolicy();
    p.snooze({ durationMs: HOUR }, clock.now());
    expect(p.onEntry(entry(created(incident({ severity: 'P1' }))), clock.now()).reason).toBe('snoozed');
    expect(p.onEntry(entry(created(incident({ severity: 'P0' }))), clock.now()).reason).toBe('shown');
    expect(p.status(clock.now()).snoozes.allUntil).toBe(clock.now() + HOUR);
    clock.advance(HOUR);
    expect(p.onEntry(entry(created(incident({ severity: 'P1' }))), clock.now()).reason).toBe('shown');
    expect(p.status(clock.now()).snoozes.allUntil).toBeUndefined();
  });

  it('holds P0 too when the breakthrough is turned off, and can be ended early', () => {
    const clock = new FakeClock();
    const p = new NotificationPolicy({ settings: { p0_breaks_snooze: false } });
    p.snooze({ durationMs: HOUR }, clock.now());
    expect(p.onEntry(entry(created(incident({ severity: 'P0' }))), clock.now()).reason).toBe('snoozed');
    p.clearSnooze();
    expect(p.onEntry(entry(created(incident({ severity: 'P0' }))), clock.now()).reason).toBe('shown');
  });
});

describe('snooze one incident', () => {
  it('holds only that incident, for the chosen time', () => {
    const clock = new FakeClock();
    const store = new IncidentMap();
    const p = new NotificationPolicy({ lookup: store.get });
    const a = store.put(incident({ severity: 'P2' }));
    const b = store.put(incident({ severity: 'P2' }));
    p.snooze({ durationMs: 30 * MIN, incidentId: a.id.toUpperCase() }, clock.now());
    expect(p.onEntry(entry(escalated(a, 'P1')), clock.now()).reason).toBe('incident_snoozed');
    expect(p.onEntry(entry(escalated(b, 'P1')), clock.now()).reason).toBe('shown');
    expect(p.status(clock.now()).snoozes.incidents).toEqual([{ incidentId: a.id, until: clock.now() + 30 * MIN }]);
    clock.advance(30 * MIN);
    expect(p.onEntry(entry({ ...escalated(a, 'P1'), reason: 'again' }), clock.now()).reason).toBe('shown');
  });

  it('is broken by an escalation to P0 of an incident snoozed below P0, but holds an incident snoozed at P0', () => {
    const clock = new FakeClock();
    const store = new IncidentMap();
    const p = new NotificationPolicy({ lookup: store.get });
    const low = store.put(incident({ severity: 'P1' }));
    const high = store.put(incident({ severity: 'P0' }));
    p.snooze({ durationMs: HOUR, incidentId: low.id }, clock.now());
    p.snooze({ durationMs: HOUR, incidentId: high.id }, clock.now());
    expect(p.onEntry(entry(escalated(low, 'P0')), clock.now()).reason).toBe('shown');
    expect(p.onEntry(entry(escalated({ ...high, severity: 'P1' }, 'P0')), clock.now()).reason).toBe('incident_snoozed');
  });
});

describe('quiet hours', () => {
  const night = { enabled: true, start: '22:00', end: '07:00', time_zone: 'Europe/Berlin' };
  // 2025-03-10 is in CET (UTC+1): 22:30 Berlin is 21:30Z, 06:59 Berlin is 05:59Z.
  const at = (iso: string): number => Date.parse(iso);

  it('hold P1 inside the local window (across midnight) and not outside it; P0 breaks through', () => {
    const p = new NotificationPolicy({ settings: { quiet_hours: night } });
    const p1 = (): ReturnType<typeof entry> => entry(created(incident({ severity: 'P1' })));
    expect(p.onEntry(p1(), at('2025-03-10T20:59:00Z')).reason).toBe('shown');
    expect(p.onEntry(p1(), at('2025-03-10T21:00:00Z')).reason).toBe('quiet_hours');
    expect(p.onEntry(p1(), at('2025-03-11T05:59:00Z')).reason).toBe('quiet_hours');
    expect(p.onEntry(entry(created(incident({ severity: 'P0' }))), at('2025-03-11T02:00:00Z')).reason).toBe('shown');
    expect(p.onEntry(p1(), at('2025-03-11T06:00:00Z')).reason).toBe('shown');
  });

  it('hold P0 too when its breakthrough is turned off, and do nothing when disabled', () => {
    const strict = new NotificationPolicy({ settings: { quiet_hours: night, p0_breaks_quiet_hours: false } });
    expect(strict.onEntry(entry(created(incident({ severity: 'P0' }))), at('2025-03-11T02:00:00Z')).reason).toBe('quiet_hours');
    const off = new NotificationPolicy({ settings: { quiet_hours: { ...night, enabled: false } } });
    expect(off.onEntry(entry(created(incident({ severity: 'P1' }))), at('2025-03-11T02:00:00Z')).reason).toBe('shown');
  });

  it('follow the configured time zone (the same instant is quiet in Tokyo, not in Berlin)', () => {
    const tokyo = new NotificationPolicy({ settings: { quiet_hours: { ...night, time_zone: 'Asia/Tokyo' } } });
    const berlin = new NotificationPolicy({ settings: { quiet_hours: night } });
    const instant = at('2025-03-10T14:00:00Z'); // 23:00 in Tokyo, 15:00 in Berlin
    expect(tokyo.onEntry(entry(created(incident({ severity: 'P1' }))), instant).reason).toBe('quiet_hours');
    expect(berlin.onEntry(entry(created(incident({ severity: 'P1' }))), instant).reason).toBe('shown');
  });

  it('a same-day window holds only between start and end', () => {
    const p = new NotificationPolicy({ settings: { quiet_hours: { enabled: true, start: '12:00', end: '13:30', time_zone: 'UTC' } } });
    expect(p.onEntry(entry(created(incident())), at('2025-03-10T11:59:00Z')).reason).toBe('shown');
    expect(p.onEntry(entry(created(incident())), at('2025-03-10T13:29:00Z')).reason).toBe('quiet_hours');
    expect(p.onEntry(entry(created(incident())), at('2025-03-10T13:30:00Z')).reason).toBe('shown');
  });
});
