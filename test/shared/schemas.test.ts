// Event, incident and alert schemas, and delivery priority (PROTOCOL.md section 4).
import { describe, expect, it } from 'vitest';
import { IncidentEventSchema, PRIORITIES, priorityOf, type IncidentEvent } from '../../src-shared/protocol/index.js';
import { alert, comment, created, escalated, incident, system } from '../support/fixtures.js';

describe('event schema', () => {
  it('accepts every event type in its Rust shape', () => {
    const i = incident();
    const pid = '6f1c2f4e-8d0a-4c59-9a3e-6a1b7c2d3e4f';
    const events: unknown[] = [
      created(i), { event_type: 'incident_updated', incident: i, previous_state: null }, { event_type: 'incident_resolved', incident: i },
      { event_type: 'incident_closed', incident: i }, { event_type: 'alert_received', alert: alert() },
      { event_type: 'alert_converted', alert: alert(), incident_id: i.id }, escalated(i.id, 'P2', 'P1'),
      { event_type: 'playbook_started', incident_id: i.id, playbook_id: pid, playbook_name: 'p' },
      { event_type: 'playbook_action_executed', incident_id: i.id, playbook_id: pid, action_name: 'a', success: true, message: 'ok' },
      { event_type: 'playbook_completed', incident_id: i.id, playbook_id: pid, success: true, actions_executed: 3 },
      { event_type: 'notification_sent', incident_id: i.id, channel: 'slack', success: true },
      { event_type: 'assignment_changed', incident_id: i.id, assignees: ['a'] }, comment(i.id), system(),
    ];
    for (const e of events) expect(IncidentEventSchema.safeParse(e).success, JSON.stringify(e).slice(0, 60)).toBe(true);
    expect(new Set(events.map((e) => (e as { event_type: string }).event_type)).size).toBe(14);
  });

  it('keeps unknown extra fields and accepts Rust nulls for optional fields', () => {
    const i = { ...incident(), x_vendor: 1, fingerprint: null, correlation_score: null, related_incidents: [] };
    const r = IncidentEventSchema.parse({ event_type: 'incident_created', incident: i, extra: true });
    expect((r as unknown as { extra: boolean }).extra).toBe(true);
  });

  it('refuses bad severities, missing titles, long titles and non-UTC times', () => {
    const bad = [
      created({ ...incident(), severity: 'P9' as never }),
      created({ ...incident(), title: '' }),
      created({ ...incident(), title: 'x'.repeat(501) }),
      created({ ...incident(), created_at: '2025-01-01T10:00:00+02:00' }),
      { event_type: 'bogus', incident: incident() },
    ];
    for (const e of bad) expect(IncidentEventSchema.safeParse(e).success).toBe(false);
  });
});

describe('priority', () => {
  const p = (e: IncidentEvent) => priorityOf(e);
  it('follows the table', () => {
    expect(p(created(incident({ severity: 'P0' })))).toBe(PRIORITIES.critical);
    expect(p(created(incident({ severity: 'P1' })))).toBe(PRIORITIES.high);
    expect(p(created(incident({ severity: 'P2' })))).toBe(PRIORITIES.normal);
    expect(p(escalated(incident().id, 'P1', 'P0'))).toBe(PRIORITIES.critical);
    expect(p(escalated(incident().id, 'P3', 'P2'))).toBe(PRIORITIES.high);
    expect(p({ event_type: 'alert_received', alert: alert({ severity: 'P0' }) })).toBe(PRIORITIES.high);
    expect(p(comment(incident().id))).toBe(PRIORITIES.low);
    expect(p(system())).toBe(PRIORITIES.low);
  });
});
