// Storm coalescing: more than N notifications within W seconds become one summary.
import { describe, expect, it } from 'vitest';
import { NotificationPolicy, type PlannedNotification } from '../../src-main/notify/index.js';
import { FakeClock, created, entry, incident, resolved } from './support/fixtures.js';

const SERVICES = ['api-gateway', 'user-service', 'billing', 'search', 'auth', 'cdn', 'mail', 'queue', 'db', 'cache'];

describe('storm coalescing (defaults N=3, W=10 s)', () => {
  it('shows the first 3 of 10 P1 incidents, then one summary for the other 7 when the window ends', () => {
    const clock = new FakeClock();
    const p = new NotificationPolicy();
    const shown: PlannedNotification[] = [];
    for (const svc of SERVICES) {
      shown.push(...p.onEntry(entry(created(incident({ severity: 'P1', affected_resources: [svc], title: `${svc} errors` }))), clock.advance(200)).show);
    }
    expect(shown.map((n) => n.title)).toEqual(['P1 incident: api-gateway errors', 'P1 incident: user-service errors', 'P1 incident: billing errors']);
    expect(p.status(clock.now()).heldForSummary).toBe(7);
    const due = p.dueAt();
    expect(due).toBeDefined();
    expect(p.tick((due ?? 0) - 1)).toEqual([]);
    const [summary, ...rest] = p.tick(due ?? 0);
    expect(rest).toEqual([]);
    expect(summary).toMatchObject({ kind: 'summary', title: '7 new P1 incidents — search, auth, …', urgency: 'normal' });
    expect(summary?.incidentId).toBeUndefined();
    expect(summary?.body.split('\n')).toEqual(['P1 search errors', 'P1 auth errors', 'P1 cdn errors', 'P1 mail errors', 'P1 queue errors', 'and 2 more']);
  });

  it('does not coalesce 3 notifications, nor 4 spread over more than the window', () => {
    const clock = new FakeClock();
    const p = new NotificationPolicy();
    const reasons = [0, 1, 2].map(() => p.onEntry(entry(created(incident({ severity: 'P1' }))), clock.advance(100)).reason);
    expect(reasons).toEqual(['shown', 'shown', 'shown']);
    clock.advance(10_001);
    expect(p.onEntry(entry(created(incident({ severity: 'P1' }))), clock.now()).reason).toBe('shown');
    expect(p.dueAt()).toBeUndefined();
  });

  it('shows a lone held notification as itself, not as a summary of one', () => {
    const clock = new FakeClock();
    const p = new NotificationPolicy();
    for (let k = 0; k < 3; k++) p.onEntry(entry(created(incident({ severity: 'P1' }))), clock.now());
    expect(p.onEntry(entry(created(incident({ severity: 'P1', title: 'Fourth' }))), clock.now()).reason).toBe('storm_held');
    const out = p.tick(clock.advance(10_000));
    expect(out.map((n) => n.title)).toEqual(['P1 incident: Fourth']);
  });

  it('marks a summary critical when it holds a P0, and names mixed severities', () => {
    const clock = new FakeClock();
    const p = new NotificationPolicy();
    for (let k = 0; k < 3; k++) p.onEntry(entry(created(incident({ severity: 'P1' }))), clock.now());
    p.onEntry(entry(created(incident({ severity: 'P1', affected_resources: ['a'] }))), clock.now());
    p.onEntry(entry(created(incident({ severity: 'P0', affected_resources: ['b'] }))), clock.now());
    const [summary] = p.tick(clock.advance(10_000));
    expect(summary).toMatchObject({ title: '2 new P0/P1 incidents — a, b', urgency: 'critical', severity: 'P0' });
  });

  it('keeps summarizing once per window while the storm lasts, then shows single notifications again', () => {
    const clock = new FakeClock();
    const p = new NotificationPolicy();
    const shownNow = (): number => p.onEntry(entry(created(incident({ severity: 'P1' }))), clock.now()).show.length;
    for (let k = 0; k < 5; k++) shownNow();
    expect(p.tick(clock.advance(10_000))[0]?.title).toMatch(/^2 new P1 incidents/);
    clock.advance(2000);
    expect([shownNow(), shownNow()]).toEqual([0, 0]);
    expect(p.tick(clock.advance(10_000))[0]?.title).toMatch(/^2 new P1 incidents/);
    clock.advance(10_001);
    expect(shownNow()).toBe(1);
  });

  it('uses the configured threshold and window, and summarizes resolutions as such', () => {
    const clock = new FakeClock();
    const p = new NotificationPolicy({ settings: { storm_threshold: 1, storm_window_secs: 60 } });
    const a = incident({ severity: 'P1', affected_resources: ['x'] });
    const b = incident({ severity: 'P1', affected_resources: ['y'] });
    expect(p.onEntry(entry(created(a)), clock.now()).reason).toBe('shown');
    expect(p.onEntry(entry(created(b)), clock.advance(30_000)).reason).toBe('storm_held');
    expect(p.tick(clock.advance(59_000))).toEqual([]);
    expect(p.tick(clock.advance(1000)).map((n) => n.title)).toEqual(['P1 incident: Error rate above 5%']);
    clock.advance(120_000);
    expect(p.onEntry(entry(resolved(a)), clock.now()).reason).toBe('shown');
    expect(p.onEntry(entry(resolved(b)), clock.now()).reason).toBe('storm_held');
    p.onEntry(entry(resolved({ ...a, updated_at: '2025-03-10T13:00:00Z' })), clock.now());
    expect(p.tick(clock.advance(60_000))[0]?.title).toBe('2 P1 incidents resolved — y, x');
  });
});
