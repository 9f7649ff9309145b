// Which events notify: the default rules, rules by severity and type, filter-shaped scope, resolve after notify.
import { describe, expect, it } from 'vitest';
import { NotificationPolicy, type NotifyEntry } from '../../src-main/notify/index.js';
import { FakeClock, IncidentMap, alert, created, entry, escalated, incident, resolved, updated } from './support/fixtures.js';

const clock = new FakeClock();
const titles = (p: NotificationPolicy, e: NotifyEntry): string[] => p.onEntry(e, clock.now()).show.map((n) => n.title);

describe('default rules', () => {
  it('notify incident_created at P0 and P1 but not at P2, P3 or P4', () => {
    const p = new NotificationPolicy();
    for (const severity of ['P0', 'P1'] as const) expect(titles(p, entry(created(incident({ severity }))))).toHaveLength(1);
    for (const severity of ['P2', 'P3', 'P4'] as const) {
      expect(p.onEntry(entry(created(incident({ severity }))), clock.now()).reason).toBe('not_matched');
    }
  });

  it('show the severity and the incident title, with critical urgency for P0 and normal for P1', () => {
    const p = new NotificationPolicy();
    const [p0] = p.onEntry(entry(created(incident({ severity: 'P0', title: 'Checkout down' }))), clock.now()).show;
    const [p1] = p.onEntry(entry(created(incident({ severity: 'P1', title: 'Slow search' }))), clock.now()).show;
    expect(p0).toMatchObject({ title: 'P0 · api-gateway: Checkout down', urgency: 'critical', severity: 'P0', actions: ['acknowledge', 'snooze_1h', 'open'] });
    expect(p1).toMatchObject({ title: 'P1 · api-gateway: Slow search', urgency: 'normal' });
    expect(p0?.body).toContain('api-gateway');
  });

  it('notify an escalation to P1 or P0, naming the incident from the store, and not one to P2', () => {
    const store = new IncidentMap();
    const p = new NotificationPolicy({ lookup: store.get });
    const i = store.put(incident({ severity: 'P3', title: 'Cache misses' }));
    expect(titles(p, entry(escalated(i, 'P2')))).toEqual([]);
    expect(titles(p, entry(escalated(i, 'P0')))).toEqual(['P0 · api-gateway: Cache misses (escalated from P3)']);
  });

  it('notify alert_received at P0 only', () => {
    const p = new NotificationPolicy();
    expect(titles(p, entry({ event_type: 'alert_received', alert: alert({ severity: 'P1' }) }))).toEqual([]);
    expect(titles(p, entry({ event_type: 'alert_received', alert: alert({ severity: 'P0', title: 'Disk full' }) }))).toEqual(['P0 · postgres: Disk full (alert)']);
  });

  it('ignore updates, comments and system events', () => {
    const p = new NotificationPolicy();
    const i = incident({ severity: 'P0' });
    expect(titles(p, entry(updated({ ...i, state: 'Triaged' }, 'Detected')))).toEqual([]);
    expect(titles(p, entry({ event_type: 'comment_added', incident_id: i.id, author: 'a', comment: 'x', timestamp: i.created_at }))).toEqual([]);
    expect(titles(p, entry({ event_type: 'system_event', category: 'c', message: 'm', metadata: {} }))).toEqual([]);
  });
});

describe('incident_resolved', () => {
  it('notifies for an incident that notified, and not for one that did not', () => {
    const p = new NotificationPolicy();
    const loud = incident({ severity: 'P1', title: 'Loud' });
    const quiet = incident({ severity: 'P3', title: 'Quiet' });
    p.onEntry(entry(created(loud)), clock.now());
    p.onEntry(entry(created(quiet)), clock.now());
    const [n] = p.onEntry(entry(resolved(loud)), clock.now()).show;
    expect(n).toMatchObject({ title: 'Resolved · api-gateway: Loud — resolved', kind: 'resolved', urgency: 'normal' });
    expect(n?.actions).toBeUndefined();
    expect(p.onEntry(entry(resolved(quiet)), clock.now()).reason).toBe('not_matched');
  });

  it('of a P0 is not critical, and is off when notify_resolved is false', () => {
    const p = new NotificationPolicy();
    const i = incident({ severity: 'P0' });
    p.onEntry(entry(created(i)), clock.now());
    expect(p.onEntry(entry(resolved(i)), clock.now()).show[0]?.urgency).toBe('normal');
    const off = new NotificationPolicy({ settings: { notify_resolved: false } });
    off.onEntry(entry(created(i)), clock.now());
    expect(off.onEntry(entry(resolved(i)), clock.now()).reason).toBe('not_matched');
  });
});

describe('configured rules', () => {
  it('select by severity and event type', () => {
    const p = new NotificationPolicy({ settings: { rules: [{ event_types: ['incident_created'], severities: ['P2'] }] } });
    expect(titles(p, entry(created(incident({ severity: 'P2', title: 'Two' }))))).toEqual(['P2 · api-gateway: Two']);
    expect(titles(p, entry(created(incident({ severity: 'P0' }))))).toEqual([]);
    expect(titles(p, entry(escalated(incident(), 'P2')))).toEqual([]);
  });

  it('are subscription filters: sources, labels, resources and incident ids narrow them', () => {
    const mine = incident({ severity: 'P3', source: 'grafana', labels: { team: 'payments', env: 'prod' } });
    const p = new NotificationPolicy({ settings: { rules: [{ sources: ['grafana'], labels: { team: 'payments' }, event_types: ['incident_created'] }] } });
    expect(titles(p, entry(created(mine)))).toHaveLength(1);
    expect(titles(p, entry(created({ ...mine, id: incident().id, labels: { team: 'search' } })))).toEqual([]);
    expect(titles(p, entry(created({ ...mine, id: incident().id, source: 'datadog' })))).toEqual([]);
    const byId = new NotificationPolicy({ settings: { rules: [{ incident_ids: [mine.id.toUpperCase()] }] } });
    expect(titles(byId, entry(updated(mine)))).toHaveLength(1);
  });

  it('combine with a scope filter that every notification must also match', () => {
    const p = new NotificationPolicy({ settings: { scope: { affected_resources: ['user-service'] } } });
    expect(titles(p, entry(created(incident({ severity: 'P0', affected_resources: ['api-gateway'] }))))).toEqual([]);
    expect(titles(p, entry(created(incident({ severity: 'P0', affected_resources: ['user-service', 'db'] }))))).toHaveLength(1);
  });

  it('send nothing when notifications are disabled', () => {
    const p = new NotificationPolicy({ settings: { enabled: false } });
    expect(p.onEntry(entry(created(incident({ severity: 'P0' }))), clock.now()).reason).toBe('disabled');
  });

  it('map severities to the configured urgency', () => {
    const p = new NotificationPolicy({ settings: { urgency: { P1: 'critical' } } });
    expect(p.onEntry(entry(created(incident({ severity: 'P1' }))), clock.now()).show[0]?.urgency).toBe('critical');
    expect(p.onEntry(entry(created(incident({ severity: 'P0' }))), clock.now()).show[0]?.urgency).toBe('critical');
  });
});
