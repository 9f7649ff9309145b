// Mapping one Alertmanager alert: title, description, resources, incident type, fingerprint, and the webhook schema's field paths.
import { describe, expect, it } from 'vitest';
import { AlertmanagerWebhookSchema } from '../../src-main/ingest/alertmanager-payload.js';
import {
  alertOf, descriptionOf, fingerprintOf, incidentTypeOf, mapAlertmanagerAlert, resourcesOf, titleOf,
} from '../../src-main/ingest/alertmanager-mapping.js';
import { ingestSettingsFrom } from '../../src-main/ingest/ingest-settings.js';
import { alertmanagerIncidentId } from '../../src-main/ingest/uuid-v5.js';
import { parseConfig } from '../../src-main/server/config/load.js';
import { AlertSchema, parseWith } from '../../src-shared/protocol/index.js';
import { amAlert, amWebhook } from './ingest-harness.js';

const settings = ingestSettingsFrom(parseConfig({}));
const parseAlert = (over: Parameters<typeof amAlert>[0] = {}) => {
  const r = AlertmanagerWebhookSchema.parse(amWebhook([amAlert(over)]));
  return r.alerts[0]!;
};

describe('Alertmanager alert mapping', () => {
  it('takes the title from annotations.summary, else alertname, and cuts it to 500 characters', () => {
    expect(titleOf({ alertname: 'A' }, { summary: ' Disk full ' }, 'fp')).toBe('Disk full');
    expect(titleOf({ alertname: 'DiskFull' }, { summary: '  ' }, 'fp')).toBe('DiskFull');
    expect(titleOf({}, {}, 'abc')).toBe('Alertmanager alert abc');
    const long = titleOf({}, { summary: 'x'.repeat(600) }, 'fp');
    expect(long).toHaveLength(500);
    expect(long.endsWith('…')).toBe(true);
  });

  it('builds the description from description (or message) and the other annotations', () => {
    expect(descriptionOf({ summary: 's', description: 'Disk at 97%', runbook_url: 'http://rb', dashboard: 'http://d' }))
      .toBe('Disk at 97%\n\ndashboard: http://d\nrunbook_url: http://rb');
    expect(descriptionOf({ message: 'from Grafana' })).toBe('from Grafana');
    expect(descriptionOf({ summary: 'only a summary' })).toBe('');
    expect(descriptionOf({ runbook_url: 'http://rb' })).toBe('runbook_url: http://rb');
  });

  it('takes resources from the configured labels in order, without duplicates or blanks', () => {
    const labels = { pod: 'api-7d9', service: 'api', job: 'api', instance: '10.0.0.1:8080', namespace: ' ', other: 'x' };
    expect(resourcesOf(labels, settings.resourceLabels)).toEqual(['api', '10.0.0.1:8080', 'api-7d9']);
    expect(resourcesOf(labels, ['other', 'missing'])).toEqual(['x']);
  });

  it('reads incident_type from a label, defaulting to Infrastructure', () => {
    expect(incidentTypeOf({ incident_type: 'security' })).toBe('Security');
    expect(incidentTypeOf({ incident_type: 'weird' })).toBe('Infrastructure');
    expect(incidentTypeOf({})).toBe('Infrastructure');
  });

  it('keys the incident id on the fingerprint, deriving one from the labels when absent', () => {
    const m = mapAlertmanagerAlert(parseAlert(), settings);
    expect(m.draft.id).toBe(alertmanagerIncidentId('c0ffee0000000001'));
    const { fingerprint: _omitted, ...noFp } = amAlert();
    const a = AlertmanagerWebhookSchema.parse(amWebhook([noFp as ReturnType<typeof amAlert>])).alerts[0]!;
    const b = AlertmanagerWebhookSchema.parse(amWebhook([{ ...noFp, labels: { ...noFp.labels } } as ReturnType<typeof amAlert>])).alerts[0]!;
    expect(fingerprintOf(a)).toMatch(/^labels-[0-9a-f]{16}$/);
    expect(fingerprintOf(a)).toBe(fingerprintOf(b));
  });

  it('maps a firing alert to a draft and a protocol-valid Alert', () => {
    const m = mapAlertmanagerAlert(parseAlert({ annotations: { summary: 'Latency', runbook_url: 'http://rb' } }), settings);
    expect(m.firing).toBe(true);
    expect(m.endsAt).toBeNull();
    expect(m.startsAt).toBe('2025-11-12T10:30:00.123Z');
    expect(m.draft).toMatchObject({ source: 'alertmanager', title: 'Latency', severity: 'P1', incidentType: 'Infrastructure', resources: ['checkout', 'web', 'web-1:9100'] });
    const alert = alertOf(m, '2025-11-12T10:31:00.000Z');
    expect(parseWith(AlertSchema, alert).ok).toBe(true);
    expect(alert).toMatchObject({ external_id: 'c0ffee0000000001', incident_id: m.draft.id, runbook_url: 'http://rb', affected_services: ['checkout', 'web', 'web-1:9100'] });
  });

  it('normalizes offsets to UTC and reads endsAt of a resolved alert', () => {
    const m = mapAlertmanagerAlert(parseAlert({ status: 'resolved', startsAt: '2025-11-12T12:30:00+02:00', endsAt: '2025-11-12T11:00:00.5Z' }), settings);
    expect(m.firing).toBe(false);
    expect(m.startsAt).toBe('2025-11-12T10:30:00.000Z');
    expect(m.endsAt).toBe('2025-11-12T11:00:00.500Z');
  });
});

describe('Alertmanager webhook schema', () => {
  it('ignores unknown fields (Grafana superset)', () => {
    const r = parseWith(AlertmanagerWebhookSchema, amWebhook([{ ...amAlert(), valueString: 'x', silenceURL: 'y' } as ReturnType<typeof amAlert>], { version: '1', orgId: 1, state: 'alerting', title: 't' }));
    expect(r.ok).toBe(true);
  });

  it('names the path of a bad field inside one alert', () => {
    const bad = amWebhook([amAlert(), { ...amAlert(), labels: { severity: 3 as unknown as string } }]);
    const r = parseWith(AlertmanagerWebhookSchema, bad);
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.message).toMatch(/^alerts\.1\.labels\.severity: /);
    const r2 = parseWith(AlertmanagerWebhookSchema, amWebhook([amAlert({ startsAt: 'yesterday' })]));
    expect(!r2.ok && r2.message).toMatch(/alerts\.0\.startsAt/);
    const r3 = parseWith(AlertmanagerWebhookSchema, { ...amWebhook([]), alerts: undefined });
    expect(!r3.ok && r3.message).toMatch(/^alerts: /);
  });
});
