// Storm coalescing: more than N notifications within W seconds become one summary.
import { describe, expect, it } from 'vitest';
import { NotificationPolicy, type PlannedNotification } from '../../src-main/notify/index.js';
import { FakeClock, IncidentMap, created, entry, escalated, incident, resolved, updated } from './support/fixtures.js';

const SERVICES = ['api-gateway', 'user-service', 'billing', 'search', 'auth', 'cdn', 'mail', 'queue', 'db', 'cache'];

describe('storm coalescing (defaults N=3, W=10 s)', () => {
  it('shows the first 3 of 10 P1 incidents, then one summary for the other 7 when the window ends', () => {
    const clock = new FakeClock();
    const p = new NotificationPolicy();
    const shown: PlannedNotification[] = [];
    for (const svc of SERVICES) {
      shown.push(...p.onEntry(entry(created(incident({ severity: 'P1', affected_resources: [svc], title: `${svc} errors` }))), clock.advance(200)).show);
    }
    expect(shown.map((n) => n.title)).toEqual(['P1 · api-gateway: api-gateway errors', 'P1 · user-service: user-service errors', 'P1 · billing: billing errors']);
    expect(p.status(clock.now()).heldForSummary).toBe(7);
    const due = p.dueAt();
    expect(due).toBeDefined();
    expect(p.tick((due ?? 0) - 1)).toEqual([]);
    const [summary, ...rest] = p.tick(due ?? 0);
    expect(rest).toEqual([]);
    expect(summary).toMatchObject({ kind: 'summary', title: '7 new P1 incidents — cache, db, +5', urgency: 'normal' });
    expect(summary?.incidentId).toBeUndefined();
    expect(summary?.body.split('\n')).toEqual([
      'P1 · cache: cache errors', 'P1 · db: db errors', 'P1 · queue: queue errors', 'P1 · mail: mail errors', 'P1 · cdn: cdn errors',
      '+ 2 more: 2 P1', 'Services: cache, db, queue, mail, cdn, auth, +1',
    ]);
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
    expect(out.map((n) => n.title)).toEqual(['P1 · api-gateway: Fourth']);
  });

  it('shows a P0 in the middle of a storm at once, alone, with its own title (issue 17: it waited 60 s inside a summary)', () => {
    const clock = new FakeClock();
    const p = new NotificationPolicy({ settings: { storm_window_secs: 60 } });
    const shown: PlannedNotification[] = [];
    for (let k = 0; k < 20; k++) shown.push(...p.onEntry(entry(created(incident({ severity: 'P1', title: `P1 number ${k}` }))), clock.advance(60)).show);
    expect(shown).toHaveLength(3);
    const p0 = p.onEntry(entry(created(incident({ severity: 'P0', title: 'PRIMARY DB DOWN', affected_resources: ['db-primary'] }))), clock.advance(60));
    expect(p0.reason).toBe('shown');
    expect(p0.show.map((n) => [n.title, n.urgency])).toEqual([['P0 · db-primary: PRIMARY DB DOWN', 'critical']]);
    expect(p0.steps.map((s) => s.stage)).toEqual(['rule', 'severity']);
    const [summary] = p.tick(p.dueAt() ?? 0);
    expect(summary).toMatchObject({ title: '17 new P1 incidents — api-gateway', severity: 'P1', urgency: 'normal' });
    expect(summary?.body).not.toContain('PRIMARY DB DOWN');
  });

  it('shows an escalation to P0 during a storm at once, while the escalation to P1 waits for the summary', () => {
    const clock = new FakeClock();
    const store = new IncidentMap();
    const p = new NotificationPolicy({ lookup: store.get });
    for (let k = 0; k < 4; k++) p.onEntry(entry(created(incident({ severity: 'P1' }))), clock.now());
    const a = store.put(incident({ severity: 'P2', title: 'Replica lag', affected_resources: ['db'] }));
    expect(p.onEntry(entry(escalated(a, 'P1')), clock.now()).reason).toBe('storm_held');
    expect(p.onEntry(entry(escalated(a, 'P0')), clock.now()).show.map((n) => n.title)).toEqual(['P0 · db: Replica lag (escalated from P2)']);
  });

  it('lists P0/P1 titles (highest severity, then newest, first) before counts of the rest, and names the services', () => {
    const clock = new FakeClock();
    const p = new NotificationPolicy({ settings: { rules: [{ event_types: ['incident_created', 'incident_updated'] }] } });
    for (let k = 0; k < 3; k++) p.onEntry(entry(created(incident({ severity: 'P3' }))), clock.now());
    const held = [
      incident({ severity: 'P2', title: 'Queue slow', affected_resources: ['queue'] }),
      incident({ severity: 'P1', title: 'Old P1', affected_resources: ['search'] }),
      incident({ severity: 'P3', title: 'Disk 70%', affected_resources: ['db'] }),
      incident({ severity: 'P1', title: 'New P1', affected_resources: ['auth'] }),
    ];
    for (const i of held) p.onEntry(entry(created(i)), clock.now());
    const big = incident({ severity: 'P0', title: 'Cart down', affected_resources: ['cart'] });
    p.onEntry(entry(updated({ ...big, state: 'Triaged' }, 'Detected')), clock.now());
    const [summary] = p.tick(clock.advance(10_000));
    expect(summary).toMatchObject({ title: '5 new P0/P1/P2/P3 notifications — cart, auth, +3', severity: 'P0', urgency: 'critical' });
    expect(summary?.body.split('\n')).toEqual([
      'P0 · cart: Cart down', 'P1 · auth: New P1', 'P1 · search: Old P1', '+ 2 more: 1 P2, 1 P3', 'Services: cart, auth, search, queue, db',
    ]);
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
    expect(p.tick(clock.advance(1000)).map((n) => n.title)).toEqual(['P1 · y: Error rate above 5%']);
    clock.advance(120_000);
    expect(p.onEntry(entry(resolved(a)), clock.now()).reason).toBe('shown');
    expect(p.onEntry(entry(resolved(b)), clock.now()).reason).toBe('storm_held');
    p.onEntry(entry(resolved({ ...a, updated_at: '2025-03-10T13:00:00Z' })), clock.now());
    expect(p.tick(clock.advance(60_000))[0]?.title).toBe('2 P1 incidents resolved — x, y');
  });
});
