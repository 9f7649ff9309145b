// UUID v5 against RFC/Python vectors, and the severity mapping table with its priority-label override.
import { describe, expect, it } from 'vitest';
import { NAMESPACE_URL, alertmanagerIncidentId, submittedAlertIncidentId, uuidV5 } from '../../src-main/ingest/uuid-v5.js';
import { DEFAULT_SEVERITY_MAP, atLeast, buildSeverityMap, parsePriority, severityFromLabels } from '../../src-main/ingest/severity-map.js';
import { ingestSettingsFrom } from '../../src-main/ingest/ingest-settings.js';
import { loadConfig, parseConfig } from '../../src-main/server/config/load.js';

const NAMESPACE_DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

describe('uuidV5', () => {
  it('matches the reference vectors (RFC 9562 appendix, Python uuid.uuid5)', () => {
    expect(uuidV5('www.example.com', NAMESPACE_DNS)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(uuidV5('http://python.org/', NAMESPACE_URL)).toBe('4c565f0d-3f5a-5890-b41b-20cf47701c5e');
  });

  it('derives stable, distinct, version-5 incident ids from fingerprints', () => {
    const a = alertmanagerIncidentId('c0ffee0000000001');
    expect(a).toBe(alertmanagerIncidentId('c0ffee0000000001'));
    expect(a).not.toBe(alertmanagerIncidentId('c0ffee0000000002'));
    expect(a).not.toBe(submittedAlertIncidentId('c0ffee0000000001'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(/namespace/);
  });
});

describe('severity mapping', () => {
  const map = buildSeverityMap();
  const sev = (labels: Record<string, string>) => severityFromLabels(labels, map, 'P3');

  it('maps the documented severity label values', () => {
    const table: Array<[string, string]> = [
      ['emergency', 'P0'], ['disaster', 'P0'], ['critical', 'P1'], ['page', 'P1'], ['high', 'P1'], ['error', 'P2'], ['major', 'P2'],
      ['warning', 'P3'], ['warn', 'P3'], ['minor', 'P3'], ['medium', 'P3'], ['info', 'P4'], ['informational', 'P4'], ['low', 'P4'],
      ['none', 'P4'], ['P0', 'P0'], ['p2', 'P2'],
    ];
    for (const [label, expected] of table) expect([label, sev({ severity: label })]).toEqual([label, expected]);
    expect(Object.keys(DEFAULT_SEVERITY_MAP)).toHaveLength(table.length + 3);
  });

  it('matches severity values case-insensitively and ignores surrounding spaces', () => {
    expect(sev({ severity: 'CRITICAL' })).toBe('P1');
    expect(sev({ severity: ' Warning ' })).toBe('P3');
  });

  it('lets a valid priority label win over severity', () => {
    expect(sev({ severity: 'info', priority: 'P0' })).toBe('P0');
    expect(sev({ severity: 'critical', priority: 'p4' })).toBe('P4');
  });

  it('ignores an invalid priority label and falls back to severity, then to the default', () => {
    expect(sev({ severity: 'critical', priority: 'urgent' })).toBe('P1');
    expect(sev({ priority: 'P9' })).toBe('P3');
    expect(sev({ severity: 'unheard-of' })).toBe('P3');
    expect(sev({})).toBe('P3');
    expect(parsePriority(undefined)).toBeUndefined();
  });

  it('merges the configured map over the defaults, lower-casing its keys', () => {
    const custom = buildSeverityMap({ Critical: 'P0', sev1: 'P1' });
    expect(severityFromLabels({ severity: 'critical' }, custom, 'P3')).toBe('P0');
    expect(severityFromLabels({ severity: 'SEV1' }, custom, 'P3')).toBe('P1');
    expect(severityFromLabels({ severity: 'warning' }, custom, 'P3')).toBe('P3');
  });

  it('reads the map, default, resource labels and alert threshold from the configuration', () => {
    const s = ingestSettingsFrom(parseConfig({
      alertmanager_severity_map: { sev1: 'P0' }, alertmanager_default_severity: 'P4',
      alertmanager_resource_labels: ['cluster'], alert_incident_min_severity: 'P1',
    }));
    expect(severityFromLabels({ severity: 'sev1' }, s.severityMap, s.defaultSeverity)).toBe('P0');
    expect(severityFromLabels({}, s.severityMap, s.defaultSeverity)).toBe('P4');
    expect(s.resourceLabels).toEqual(['cluster']);
    expect(s.alertIncidentMinSeverity).toBe('P1');
    const d = ingestSettingsFrom(parseConfig({}));
    expect(d.resourceLabels).toEqual(['service', 'job', 'instance', 'namespace', 'pod']);
    expect(d.defaultSeverity).toBe('P3');
    expect(d.alertIncidentMinSeverity).toBe('P2');
    expect(() => parseConfig({ alertmanager_severity_map: { critical: 'urgent' } })).toThrow(/alertmanager_severity_map/);
  });

  it('takes the structured settings as JSON from the environment', () => {
    const c = loadConfig({ env: { INCIDENT_RELAY_ALERTMANAGER_SEVERITY_MAP: '{"sev1":"P0"}', INCIDENT_RELAY_ALERTMANAGER_RESOURCE_LABELS: '["cluster","pod"]', INCIDENT_RELAY_ALERTMANAGER_DEFAULT_SEVERITY: 'P2' } });
    expect(c.alertmanager_severity_map).toEqual({ sev1: 'P0' });
    expect(c.alertmanager_resource_labels).toEqual(['cluster', 'pod']);
    expect(c.alertmanager_default_severity).toBe('P2');
  });

  it('orders severities with P0 the most severe', () => {
    expect(atLeast('P0', 'P2')).toBe(true);
    expect(atLeast('P2', 'P2')).toBe(true);
    expect(atLeast('P3', 'P2')).toBe(false);
  });
});
