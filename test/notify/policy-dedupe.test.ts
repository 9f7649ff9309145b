// One notification per incident per change: replays, reconnects and re-publishes never repeat one.
import { describe, expect, it } from 'vitest';
import { NotificationPolicy } from '../../src-main/notify/index.js';
import { FakeClock, alert, created, entry, escalated, incident, resolved } from './support/fixtures.js';

describe('dedupe', () => {
  it('drops a replay of the same journal entries after a reconnect', () => {
    const clock = new FakeClock();
    const p = new NotificationPolicy();
    const a = incident({ severity: 'P0' });
    const b = incident({ severity: 'P1' });
    const live = [entry(created(a)), entry(created(b)), entry(escalated(b, 'P0'))];
    expect(live.map((e) => p.onEntry(e, clock.advance(1000)).reason)).toEqual(['shown', 'shown', 'shown']);
    clock.advance(60_000);
    // resume_after an older id, or gap:true: the same entries arrive again with the same message ids.
    expect(live.map((e) => p.onEntry(e, clock.advance(10)).reason)).toEqual(['duplicate', 'duplicate', 'duplicate']);
  });

  it('drops the same change re-published under a new message id (e.g. by a relay)', () => {
    const clock = new FakeClock();
    const p = new NotificationPolicy();
    const i = incident({ severity: 'P0' });
    const a = alert({ severity: 'P0' });
    expect(p.onEntry(entry(created(i), 'epoch1-7'), clock.now()).reason).toBe('shown');
    expect(p.onEntry(entry(created(i), 'epoch2-1'), clock.now()).reason).toBe('duplicate');
    expect(p.onEntry(entry({ event_type: 'alert_received', alert: a }, 'e-1'), clock.now()).reason).toBe('shown');
    expect(p.onEntry(entry({ event_type: 'alert_received', alert: a }, 'e-2'), clock.now()).reason).toBe('duplicate');
  });

  it('still notifies each new change of the same incident', () => {
    const clock = new FakeClock();
    const p = new NotificationPolicy();
    const i = incident({ severity: 'P1' });
    expect(p.onEntry(entry(created(i)), clock.now()).reason).toBe('shown');
    expect(p.onEntry(entry(escalated(i, 'P0')), clock.advance(1000)).reason).toBe('shown');
    expect(p.onEntry(entry(resolved({ ...i, updated_at: new Date(clock.now()).toISOString() })), clock.advance(20_000)).reason).toBe('shown');
  });

  it('does not let a replay of a snoozed notification through once the snooze ends', () => {
    const clock = new FakeClock();
    const p = new NotificationPolicy();
    p.snooze({ durationMs: 60_000 }, clock.now());
    const e = entry(created(incident({ severity: 'P1' })));
    expect(p.onEntry(e, clock.now()).reason).toBe('snoozed');
    clock.advance(120_000);
    expect(p.onEntry(e, clock.now()).reason).toBe('duplicate');
  });
});
