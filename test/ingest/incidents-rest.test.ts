// The incidents REST API on a real server: list and get, PUT state and assignees, resolve, each change published once.
import { afterEach, describe, expect, it } from 'vitest';
import type { TestClient } from '../support/ws-client.js';
import { incident, created } from '../support/fixtures.js';
import { eventTypesUntilMarker, startIngestServer, subscribeAll, type IngestHarness } from './ingest-harness.js';

let h: IngestHarness | undefined;
let client: TestClient | undefined;
afterEach(async () => {
  client?.close();
  client = undefined;
  await h?.stop();
  h = undefined;
});

/** A server with a subscriber and one published Detected incident. */
async function withIncident(config = {}) {
  h = await startIngestServer(config);
  client = await subscribeAll(h);
  const i = incident({ severity: 'P1', source: 'api', assignees: [] });
  expect((await h.publish(created(i))).status).toBe(202);
  await eventTypesUntilMarker(h, client);
  return { h, client, i, from: client.frames.length };
}

describe('incidents REST', () => {
  it('lists and gets incidents with filters and pagination', async () => {
    h = await startIngestServer();
    const items = [incident({ severity: 'P0', source: 'a' }), incident({ severity: 'P2', source: 'b', state: 'Resolved' }), incident({ severity: 'P2', source: 'b' })];
    for (const i of items) await h.publish(created(i));
    const all = await h.request('GET', '/v1/incidents', undefined, null);
    expect(all.status).toBe(200);
    expect(all.json).toMatchObject({ total: 3, limit: 50, offset: 0, next_cursor: null });
    expect((await h.request('GET', '/v1/incidents?severities=P2&active_only=true')).json.incidents.map((i: { id: string }) => i.id)).toEqual([items[2]!.id]);
    expect((await h.request('GET', '/v1/incidents?sources=a,b&states=Resolved')).json.total).toBe(1);
    const page1 = (await h.request('GET', '/v1/incidents?limit=2')).json;
    const page2 = (await h.request('GET', `/v1/incidents?limit=2&cursor=${page1.next_cursor}`)).json;
    expect([...page1.incidents, ...page2.incidents].map((i: { id: string }) => i.id).sort()).toEqual(items.map((i) => i.id).sort());
    expect((await h.request('GET', `/v1/incidents/${items[0]!.id.toUpperCase()}`)).json).toMatchObject({ id: items[0]!.id, severity: 'P0' });
    const missing = await h.request('GET', '/v1/incidents/00000000-0000-4000-8000-000000000000');
    expect([missing.status, missing.json.error.code]).toEqual([404, 'not_found']);
    const badId = await h.request('GET', '/v1/incidents/nope');
    expect([badId.status, badId.json.error.message]).toEqual([400, 'id: must be a UUID']);
    const badQuery = await h.request('GET', '/v1/incidents?states=Asleep');
    expect([badQuery.status, badQuery.json.error.message]).toEqual([400, expect.stringMatching(/^states\.0: /)]);
  });

  it('requires a token for reads when require_auth_for_read is set, and publish for writes', async () => {
    const reader = 'reader-token-0123456789abcdef';
    const { h, i } = await withIncident({ require_auth_for_read: true, api_tokens: [{ token: reader, scopes: ['subscribe'] }] });
    expect((await h.request('GET', '/v1/incidents', undefined, null)).status).toBe(401);
    expect((await h.request('GET', '/v1/incidents', undefined, reader)).status).toBe(200);
    expect((await h.request('PUT', `/v1/incidents/${i.id}`, { state: 'Triaged' }, reader)).status).toBe(403);
    expect((await h.request('POST', `/v1/incidents/${i.id}/resolve`, undefined, null)).status).toBe(401);
  });

  it('moves the state forward with incident_updated and refuses going back with 409', async () => {
    const { h, client, i, from } = await withIncident();
    const r = await h.request('PUT', `/v1/incidents/${i.id}`, { state: 'Investigating' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: i.id, state: 'Investigating' });
    const back = await h.request('PUT', `/v1/incidents/${i.id}`, { state: 'Triaged' });
    expect([back.status, back.json.error.code]).toEqual([409, 'conflict']);
    const same = await h.request('PUT', `/v1/incidents/${i.id}`, { state: 'Investigating' });
    expect(same.status).toBe(200);
    expect(await eventTypesUntilMarker(h, client, from)).toEqual(['incident_updated']);
    const ev = client.events(from)[0]!['event'] as { previous_state: string; incident: { state: string } };
    expect(ev).toMatchObject({ previous_state: 'Detected', incident: { state: 'Investigating' } });
    expect(h.server.incidents.get(i.id)!.state).toBe('Investigating');
  });

  it('changes assignees with assignment_changed, and both at once with two events', async () => {
    const { h, client, i, from } = await withIncident();
    const r = await h.request('PUT', `/v1/incidents/${i.id}`, { assignees: ['ana', 'bo', 'ana'] });
    expect(r.json.assignees).toEqual(['ana', 'bo']);
    await h.request('PUT', `/v1/incidents/${i.id}`, { assignees: ['ana', 'bo'] });
    const both = await h.request('PUT', `/v1/incidents/${i.id}`, { assignees: ['cy'], state: 'Remediating' });
    expect(both.json).toMatchObject({ assignees: ['cy'], state: 'Remediating' });
    expect(await eventTypesUntilMarker(h, client, from)).toEqual(['assignment_changed', 'assignment_changed', 'incident_updated']);
    expect(client.events(from)[0]!['event']).toMatchObject({ incident_id: i.id, assignees: ['ana', 'bo'] });
    expect(h.server.incidents.get(i.id)).toMatchObject({ assignees: ['cy'], state: 'Remediating' });
  });

  it('refuses bad update bodies with the field path', async () => {
    const { h, i } = await withIncident();
    const cases: Array<[unknown, RegExp]> = [
      [{ state: 'Sleeping' }, /^state: /],
      [{ assignees: ['ok', ''] }, /^assignees\.1: /],
      [{ severity: 'P0' }, /severity/],
      [{}, /give state and\/or assignees/],
    ];
    for (const [body, message] of cases) {
      const r = await h.request('PUT', `/v1/incidents/${i.id}`, body);
      expect([r.status, r.json.error.message]).toEqual([400, expect.stringMatching(message)]);
    }
  });

  it('resolves with incident_resolved and a resolution, idempotently; Closed is final', async () => {
    const { h, client, i, from } = await withIncident();
    const r = await h.request('POST', `/v1/incidents/${i.id}/resolve`, { resolved_by: 'ana', notes: 'restarted', root_cause: 'leak' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ state: 'Resolved', resolution: { resolved_by: 'ana', resolution_method: 'Manual', notes: 'restarted', root_cause: 'leak' } });
    expect((await h.request('POST', `/v1/incidents/${i.id}/resolve`)).status).toBe(200);
    const closed = await h.request('PUT', `/v1/incidents/${i.id}`, { state: 'Closed' });
    expect(closed.json.state).toBe('Closed');
    const again = await h.request('POST', `/v1/incidents/${i.id}/resolve`);
    expect([again.status, again.json.error.code]).toEqual([409, 'conflict']);
    expect(await eventTypesUntilMarker(h, client, from)).toEqual(['incident_resolved', 'incident_closed']);
  });

  it('resolves through PUT state Resolved with incident_resolved', async () => {
    const { h, client, i, from } = await withIncident();
    const r = await h.request('PUT', `/v1/incidents/${i.id}`, { state: 'Resolved' });
    expect(r.json).toMatchObject({ state: 'Resolved', resolution: { resolved_by: 'api', resolution_method: 'Manual' } });
    expect(await eventTypesUntilMarker(h, client, from)).toEqual(['incident_resolved']);
  });
});

describe('POST /v1/alerts with the ingest converter', () => {
  it('converts a P1 alert into an incident and de-duplicates the repeat', async () => {
    h = await startIngestServer();
    client = await subscribeAll(h);
    const body = { source: 'grafana', title: 'Queue backlog', description: 'backlog 10k', severity: 'P1', alert_type: 'Application', labels: { queue: 'jobs' }, affected_services: ['worker'] };
    const first = await h.request('POST', '/v1/alerts', body);
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({ status: 'Accepted', message: 'Alert converted to incident' });
    expect(first.json.incident_id).toMatch(/^[0-9a-f-]{36}$/);
    const second = await h.request('POST', '/v1/alerts', body);
    expect(second.json).toMatchObject({ status: 'Duplicate', incident_id: first.json.incident_id });
    const low = await h.request('POST', '/v1/alerts', { ...body, severity: 'P4' });
    expect(low.json).toMatchObject({ status: 'Accepted', incident_id: null });
    expect(await eventTypesUntilMarker(h, client)).toEqual(['alert_received', 'alert_converted', 'incident_created', 'alert_received', 'alert_received']);
    expect((await h.request('GET', `/v1/incidents/${first.json.incident_id}`)).json).toMatchObject({ source: 'grafana', severity: 'P1', affected_resources: ['worker'] });
  });
});
