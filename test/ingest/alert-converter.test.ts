// The POST /v1/alerts converter: severity threshold, de-duplication by source+title+labels, reopen, and no double create.
import { describe, expect, it } from 'vitest';
import { createAlertConverter, submittedAlertFingerprint } from '../../src-main/ingest/alert-converter.js';
import { IncidentLedger } from '../../src-main/ingest/incident-ledger.js';
import { ingestSettingsFrom } from '../../src-main/ingest/ingest-settings.js';
import { submittedAlertIncidentId } from '../../src-main/ingest/uuid-v5.js';
import { parseConfig } from '../../src-main/server/config/load.js';
import { MemoryIncidentStore } from '../../src-main/server/incidents/incident-store.js';
import { IncidentEventSchema, eventIncident } from '../../src-shared/protocol/index.js';
import { alert } from '../support/fixtures.js';

function setup(config: Record<string, unknown> = {}) {
  const store = new MemoryIncidentStore();
  const ledger = new IncidentLedger(() => store);
  const convert = createAlertConverter({ ledger, settings: ingestSettingsFrom(parseConfig(config)) });
  /** Converts and applies the incident events to the store, as the alerts route's publish would. */
  const submit = async (a = alert({ severity: 'P1', labels: { env: 'prod' } })) => {
    const out = await convert(a);
    for (const e of out.events) {
      expect(IncidentEventSchema.safeParse(e).success).toBe(true);
      const i = eventIncident(e);
      if (i) store.put(i);
    }
    return out;
  };
  return { store, ledger, convert, submit };
}

describe('alert converter (POST /v1/alerts)', () => {
  it('turns a P0–P2 alert into an incident keyed by its fingerprint', async () => {
    const { submit, store } = setup();
    const a = alert({ severity: 'P2', labels: { env: 'prod' }, affected_services: ['db'] });
    const out = await submit(a);
    const id = submittedAlertIncidentId(submittedAlertFingerprint(a));
    expect(out).toMatchObject({ incidentId: id, status: 'Accepted', message: 'Alert converted to incident' });
    expect(out.events.map((e) => e.event_type)).toEqual(['alert_received', 'alert_converted', 'incident_created']);
    expect(out.events[0]).toMatchObject({ alert: { id: a.id, incident_id: id } });
    expect(store.get(id)).toMatchObject({ state: 'Detected', severity: 'P2', source: a.source, title: a.title, affected_resources: ['db'], labels: { env: 'prod' } });
  });

  it('only records alerts below the threshold, which is configurable', async () => {
    const { submit, store } = setup();
    const out = await submit(alert({ severity: 'P3' }));
    expect(out).toMatchObject({ incidentId: null, status: 'Accepted' });
    expect(out.events.map((e) => e.event_type)).toEqual(['alert_received']);
    expect(store.size()).toBe(0);
    const strict = setup({ alert_incident_min_severity: 'P0' });
    expect((await strict.submit(alert({ severity: 'P1' }))).incidentId).toBeNull();
    expect((await strict.submit(alert({ severity: 'P0' }))).incidentId).not.toBeNull();
  });

  it('de-duplicates the same source, title and labels into the open incident', async () => {
    const { submit } = setup();
    const first = await submit();
    const again = await submit(alert({ severity: 'P1', labels: { env: 'prod' }, description: 'other text', external_id: 'x-2' }));
    expect(again).toMatchObject({ incidentId: first.incidentId, status: 'Duplicate' });
    expect(again.events).toHaveLength(1);
    expect(again.events[0]).toMatchObject({ event_type: 'alert_received', alert: { deduplicated: true, incident_id: first.incidentId } });
    const different = await submit(alert({ severity: 'P1', labels: { env: 'staging' } }));
    expect(different.incidentId).not.toBe(first.incidentId);
  });

  it('does not create twice when two submissions are converted before either is published', async () => {
    const { convert } = setup();
    const a = alert({ severity: 'P1', labels: { env: 'prod' } });
    const [x, y] = await Promise.all([convert(a), convert({ ...a })]);
    expect([x.status, y.status]).toEqual(['Accepted', 'Duplicate']);
  });

  it('reopens a resolved incident when the alert comes back', async () => {
    const { submit, store } = setup();
    const first = await submit();
    store.put({ ...store.get(first.incidentId!)!, state: 'Resolved', updated_at: new Date(Date.now() + 60_000).toISOString() });
    const again = await submit();
    expect(again).toMatchObject({ incidentId: first.incidentId, status: 'Accepted' });
    expect(again.events.map((e) => e.event_type)).toEqual(['alert_received', 'alert_converted', 'incident_updated']);
    expect(again.events[2]).toMatchObject({ previous_state: 'Resolved', incident: { state: 'Detected' } });
  });
});
