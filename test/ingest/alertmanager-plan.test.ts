// What a webhook publishes: once per firing, updates on label/annotation changes, resolve, reopen, and repeats publishing nothing.
import { describe, expect, it } from 'vitest';
import { AlertmanagerWebhookSchema } from '../../src-main/ingest/alertmanager-payload.js';
import { planWebhook, type WebhookPlan } from '../../src-main/ingest/alertmanager-plan.js';
import { IncidentLedger } from '../../src-main/ingest/incident-ledger.js';
import { ingestSettingsFrom } from '../../src-main/ingest/ingest-settings.js';
import { alertmanagerIncidentId } from '../../src-main/ingest/uuid-v5.js';
import { parseConfig } from '../../src-main/server/config/load.js';
import { MemoryIncidentStore } from '../../src-main/server/incidents/incident-store.js';
import { IncidentEventSchema, eventIncident, type Incident, type IncidentEvent } from '../../src-shared/protocol/index.js';
import { amAlert, amWebhook, type AmAlert } from './ingest-harness.js';

const settings = ingestSettingsFrom(parseConfig({}));
const ID = alertmanagerIncidentId('c0ffee0000000001');

/** A ledger over a store, and a `send` that plans a webhook and applies its events as the hub would. */
function setup() {
  const store = new MemoryIncidentStore();
  const ledger = new IncidentLedger(() => store);
  let clock = Date.parse('2025-11-12T10:31:00Z');
  const send = (alerts: AmAlert[]): WebhookPlan => {
    clock += 1000;
    const plan = planWebhook(AlertmanagerWebhookSchema.parse(amWebhook(alerts)), ledger, settings, new Date(clock).toISOString());
    for (const e of plan.events) {
      expect(IncidentEventSchema.safeParse(e).success).toBe(true);
      const i = eventIncident(e);
      if (i) store.put(i);
    }
    ledger.settle(plan.staged);
    return plan;
  };
  return { store, ledger, send };
}

const types = (events: IncidentEvent[]) => events.map((e) => e.event_type);
const incidentOf = (p: WebhookPlan): Incident => eventIncident(p.events[p.events.length - 1]!)!;

describe('Alertmanager webhook plan', () => {
  it('creates an incident on the first firing: alert_received, alert_converted, incident_created', () => {
    const { send, store } = setup();
    const p = send([amAlert()]);
    expect(types(p.events)).toEqual(['alert_received', 'alert_converted', 'incident_created']);
    expect(p.outcomes.created).toBe(1);
    expect(store.get(ID)).toMatchObject({
      id: ID, state: 'Detected', severity: 'P1', source: 'alertmanager', title: 'Checkout latency above 2s',
      description: 'p99 latency is 2.4s', affected_resources: ['checkout', 'web', 'web-1:9100'], fingerprint: 'c0ffee0000000001',
    });
    const converted = p.events[1]!;
    expect(converted.event_type === 'alert_converted' && converted.incident_id).toBe(ID);
  });

  it('publishes once when the same webhook arrives ten times', () => {
    const { send } = setup();
    const published = Array.from({ length: 10 }, () => send([amAlert()]).events.length);
    expect(published).toEqual([3, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('creates once when one payload carries the same fingerprint twice', () => {
    const { send } = setup();
    expect(types(send([amAlert(), amAlert()]).events)).toEqual(['alert_received', 'alert_converted', 'incident_created']);
  });

  it('publishes incident_updated when labels or annotations change, keeping state and assignees', () => {
    const { send, store } = setup();
    send([amAlert()]);
    store.put({ ...store.get(ID)!, state: 'Investigating', assignees: ['ana'] });
    const labels = send([amAlert({ labels: { ...amAlert().labels, severity: 'warning', pod: 'web-1' } })]);
    expect(types(labels.events)).toEqual(['incident_updated']);
    expect(labels.events[0]).toMatchObject({ previous_state: 'Investigating' });
    expect(incidentOf(labels)).toMatchObject({ severity: 'P3', state: 'Investigating', assignees: ['ana'], affected_resources: ['checkout', 'web', 'web-1:9100', 'web-1'] });
    const notes = send([amAlert({ labels: { ...amAlert().labels, severity: 'warning', pod: 'web-1' }, annotations: { summary: 'Slower', runbook_url: 'http://rb' } })]);
    expect(types(notes.events)).toEqual(['incident_updated']);
    expect(incidentOf(notes)).toMatchObject({ title: 'Slower', description: 'runbook_url: http://rb' });
    expect(send([amAlert({ labels: { ...amAlert().labels, severity: 'warning', pod: 'web-1' }, annotations: { summary: 'Slower', runbook_url: 'http://rb' } })]).events).toEqual([]);
  });

  it('keeps a severity set by hand until the alert’s own severity changes', () => {
    const { send, store } = setup();
    send([amAlert()]);
    store.setSeverity(ID, 'P0', '2025-11-12T10:40:00Z');
    expect(send([amAlert()]).events).toEqual([]);
    const other = send([amAlert({ labels: { ...amAlert().labels, team: 'payments' } })]);
    expect(incidentOf(other)).toMatchObject({ severity: 'P0', labels: { team: 'payments' } });
    const lowered = send([amAlert({ labels: { ...amAlert().labels, team: 'payments', severity: 'info' } })]);
    expect(incidentOf(lowered).severity).toBe('P4');
  });

  it('resolves on a resolved alert, once; a resolved alert for an unknown incident publishes nothing', () => {
    const { send, store } = setup();
    send([amAlert()]);
    const resolved = amAlert({ status: 'resolved', endsAt: '2025-11-12T10:35:00Z' });
    const p = send([resolved]);
    expect(types(p.events)).toEqual(['incident_resolved']);
    expect(store.get(ID)).toMatchObject({ state: 'Resolved', resolution: { resolved_at: '2025-11-12T10:35:00.000Z', resolved_by: 'alertmanager', resolution_method: 'Automated' } });
    expect(send([resolved]).events).toEqual([]);
    const unknown = send([amAlert({ status: 'resolved', fingerprint: 'feedbeef', endsAt: '2025-11-12T10:35:00Z' })]);
    expect(unknown.events).toEqual([]);
    expect(unknown.outcomes.ignored).toBe(1);
  });

  it('reopens a resolved incident when the alert fires again, but not for repeats of the resolved episode', () => {
    const { send, store } = setup();
    send([amAlert()]);
    send([amAlert({ status: 'resolved', endsAt: '2025-11-12T10:35:00Z' })]);
    expect(send([amAlert()]).events).toEqual([]);
    const again = send([amAlert({ startsAt: '2025-11-12T11:00:00Z' })]);
    expect(types(again.events)).toEqual(['incident_updated']);
    expect(again.events[0]).toMatchObject({ previous_state: 'Resolved', incident: { id: ID, state: 'Detected' } });
    expect(store.get(ID)!.resolution).toBeNull();
  });

  it('handles firing and resolved alerts of one group in one plan', () => {
    const { send } = setup();
    send([amAlert()]);
    const p = send([amAlert({ status: 'resolved', endsAt: '2025-11-12T10:35:00Z' }), amAlert({ fingerprint: 'c0ffee0000000002', labels: { alertname: 'Other' } })]);
    expect(types(p.events)).toEqual(['incident_resolved', 'alert_received', 'alert_converted', 'incident_created']);
    expect(p.incidentIds).toEqual([ID, alertmanagerIncidentId('c0ffee0000000002')]);
  });
});
