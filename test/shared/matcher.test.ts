// The filter matcher and subject rules of PROTOCOL.md section 3.
import { describe, expect, it } from 'vitest';
import {
  FiltersInputSchema, matchesFilters, normalizeFilters, subjectOf, hasEmptySubjectFilters, type Incident, type IncidentEvent,
} from '../../src-shared/protocol/index.js';
import { alert, comment, created, escalated, incident, system } from '../support/fixtures.js';

const f = (input: Record<string, unknown>) => normalizeFilters(FiltersInputSchema.parse(input));
const none = () => undefined;
const match = (filters: Record<string, unknown>, e: IncidentEvent, lookup: (id: string) => Incident | undefined = none) =>
  matchesFilters(f(filters), e.event_type, subjectOf(e, lookup));

describe('filter matching', () => {
  it('matches everything with empty filters', () => {
    expect(match({}, created(incident()))).toBe(true);
    expect(match({}, system())).toBe(true);
  });

  it('ORs values within a field and ANDs fields', () => {
    const e = created(incident({ severity: 'P1', source: 'a' }));
    expect(match({ severities: ['P0', 'P1'] }, e)).toBe(true);
    expect(match({ severities: ['P0', 'P1'], sources: ['b'] }, e)).toBe(false);
    expect(match({ severities: ['P1'], sources: ['a', 'b'] }, e)).toBe(true);
  });

  it('requires every listed label to match exactly, extra labels allowed', () => {
    const e = created(incident({ labels: { env: 'prod', team: 'core', x: '1' } }));
    expect(match({ labels: { env: 'prod', team: 'core' } }, e)).toBe(true);
    expect(match({ labels: { env: 'prod', team: 'Core' } }, e)).toBe(false);
    expect(match({ labels: { environment: 'prod' } }, e)).toBe(false);
  });

  it('does not treat inherited properties as labels', () => {
    const e = created(incident({ labels: {} }));
    expect(match({ labels: { toString: 'x' } }, e)).toBe(false);
  });

  it('matches affected_resources when any listed resource is affected', () => {
    const e = created(incident({ affected_resources: ['a', 'b'] }));
    expect(match({ affected_resources: ['z', 'b'] }, e)).toBe(true);
    expect(match({ affected_resources: ['z'] }, e)).toBe(false);
    expect(match({ affected_resources: ['a'] }, created(incident({ affected_resources: [] })))).toBe(false);
  });

  it('matches escalated by to_severity', () => {
    const stored = incident({ severity: 'P1' });
    const lookup = (id: string) => (id === stored.id ? stored : undefined);
    expect(match({ severities: ['P0'] }, escalated(stored.id, 'P1', 'P0'), lookup)).toBe(true);
    expect(match({ severities: ['P1'] }, escalated(stored.id, 'P1', 'P0'), lookup)).toBe(false);
  });

  it('matches comments against the stored incident, and not at all when it is unknown', () => {
    const p0 = incident({ severity: 'P0' });
    const lookup = (id: string) => (id === p0.id ? p0 : undefined);
    expect(match({ severities: ['P0'] }, comment(p0.id), lookup)).toBe(true);
    expect(match({ severities: ['P0'] }, comment(incident().id), lookup)).toBe(false);
    expect(match({ incident_ids: [p0.id.toUpperCase()] }, comment(p0.id), lookup)).toBe(true);
  });

  it('lets system events through only empty subject filters', () => {
    expect(match({ event_types: ['system_event'] }, system())).toBe(true);
    expect(match({ severities: ['P0'] }, system())).toBe(false);
    expect(hasEmptySubjectFilters(f({ event_types: ['system_event'] }))).toBe(true);
  });

  it('uses affected_services of alerts as resources and never matches states', () => {
    const e: IncidentEvent = { event_type: 'alert_received', alert: alert({ affected_services: ['svc'] }) };
    expect(match({ affected_resources: ['svc'] }, e)).toBe(true);
    expect(match({ states: ['Detected'] }, e)).toBe(false);
  });

  it('matches alert_converted by its alert until the incident is stored', () => {
    const a = alert({ severity: 'P0' });
    const id = incident().id;
    const e: IncidentEvent = { event_type: 'alert_converted', alert: a, incident_id: id };
    expect(match({ severities: ['P0'] }, e)).toBe(true);
    expect(match({ incident_ids: [id] }, e)).toBe(true);
  });
});

describe('filter normalization', () => {
  it('fills all seven keys and drops duplicates', () => {
    expect(f({ severities: ['P1', 'P1'] })).toEqual({
      event_types: [], severities: ['P1'], states: [], sources: [], affected_resources: [], labels: {}, incident_ids: [],
    });
  });

  it('refuses values outside the vocabulary and over the size limits', () => {
    for (const bad of [{ severities: ['P9'] }, { states: ['Open'] }, { event_types: ['x'] }, { incident_ids: ['nope'] },
      { sources: Array.from({ length: 101 }, (_, i) => `s${i}`) }, { sources: ['x'.repeat(257)] },
      { labels: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }]) {
      expect(FiltersInputSchema.safeParse(bad).success, JSON.stringify(bad).slice(0, 80)).toBe(false);
    }
  });

  it('ignores unknown filter keys', () => {
    expect(FiltersInputSchema.safeParse({ future: [1] }).success).toBe(true);
  });
});
