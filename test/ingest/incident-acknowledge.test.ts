// Acknowledge and un-acknowledge (PROTOCOL 1.1 section 7) on a real server, and the `respond` scope.
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

const RESPONDER = 'responder-token-0123456789abcdef';
const READER = 'reader-token-0123456789abcdefgh';

async function withIncident(state: 'Detected' | 'Investigating' | 'Resolved' = 'Detected') {
  h = await startIngestServer({ api_tokens: [{ token: RESPONDER, scopes: ['respond'] }, { token: READER, scopes: ['subscribe'] }] });
  client = await subscribeAll(h);
  const i = incident({ severity: 'P0', source: 'api', state, assignees: [] });
  expect((await h.publish(created(i))).status).toBe(202);
  await eventTypesUntilMarker(h, client);
  return { h, client, i, from: client.frames.length };
}

type Entry = { event_type: string; actor: string; metadata: Record<string, string> };

describe('POST /v1/incidents/:id/acknowledge', () => {
  it('moves Detected to Triaged with a StateChanged entry by the actor and one incident_updated; a repeat changes nothing', async () => {
    const { h, client, i, from } = await withIncident();
    const r = await h.request('POST', `/v1/incidents/${i.id}/acknowledge`, { actor: 'ana', note: 'on it' });
    expect(r.status).toBe(200);
    expect(r.json.state).toBe('Triaged');
    const again = await h.request('POST', `/v1/incidents/${i.id.toUpperCase()}/acknowledge`, { actor: 'bo' });
    expect([again.status, again.json.state]).toEqual([200, 'Triaged']);
    expect(await eventTypesUntilMarker(h, client, from)).toEqual(['incident_updated']);
    const ev = client.events(from)[0]!['event'] as { previous_state: string; incident: { state: string; timeline: Entry[] } };
    expect(ev.previous_state).toBe('Detected');
    expect(ev.incident.timeline).toEqual([expect.objectContaining({
      event_type: 'StateChanged', actor: 'ana', metadata: { action: 'acknowledge', old_state: 'Detected', new_state: 'Triaged', note: 'on it' },
    })]);
    expect(h.server.incidents.get(i.id)!.state).toBe('Triaged');
  });

  it('counts Investigating as already acknowledged and refuses a Resolved incident with 409', async () => {
    const busy = await withIncident('Investigating');
    const r = await busy.h.request('POST', `/v1/incidents/${busy.i.id}/acknowledge`, { actor: 'ana' });
    expect([r.status, r.json.state]).toEqual([200, 'Investigating']);
    expect(await eventTypesUntilMarker(busy.h, busy.client, busy.from)).toEqual([]);
    await busy.h.stop();
    client?.close();
    const done = await withIncident('Resolved');
    const refused = await done.h.request('POST', `/v1/incidents/${done.i.id}/acknowledge`, { actor: 'ana' });
    expect([refused.status, refused.json.error.code]).toEqual([409, 'conflict']);
  });

  it('refuses bad bodies and ids with 400 and unknown incidents with 404, changing nothing', async () => {
    const { h, client, i, from } = await withIncident();
    const cases: Array<[string, unknown, number, RegExp]> = [
      [i.id, {}, 400, /^actor: /],
      [i.id, { actor: '   ' }, 400, /^actor: /],
      [i.id, { actor: 'ana', extra: 1 }, 400, /extra/],
      [i.id, { actor: 'ana', note: 'x'.repeat(4001) }, 400, /^note: /],
      [i.id, '{not json', 400, /./],
      ['nope', { actor: 'ana' }, 400, /^id: must be a UUID/],
      ['00000000-0000-4000-8000-000000000000', { actor: 'ana' }, 404, /no incident/],
    ];
    for (const [id, body, status, message] of cases) {
      const r = await h.request('POST', `/v1/incidents/${id}/acknowledge`, body);
      expect([r.status, r.json.error.message]).toEqual([status, expect.stringMatching(message)]);
    }
    expect(await eventTypesUntilMarker(h, client, from)).toEqual([]);
    expect(h.server.incidents.get(i.id)!.state).toBe('Detected');
  });
});

describe('POST /v1/incidents/:id/unacknowledge', () => {
  it('moves Triaged back to Detected with its own entry; Detected is a no-op; Investigating is 409', async () => {
    const { h, client, i, from } = await withIncident();
    await h.request('POST', `/v1/incidents/${i.id}/acknowledge`, { actor: 'ana' });
    const r = await h.request('POST', `/v1/incidents/${i.id}/unacknowledge`, { actor: 'ana', note: 'not mine' });
    expect([r.status, r.json.state]).toEqual([200, 'Detected']);
    expect(r.json.timeline.map((e: Entry) => [e.actor, e.metadata['action']])).toEqual([['ana', 'acknowledge'], ['ana', 'unacknowledge']]);
    expect((await h.request('POST', `/v1/incidents/${i.id}/unacknowledge`, { actor: 'ana' })).status).toBe(200);
    await h.request('PUT', `/v1/incidents/${i.id}`, { state: 'Investigating' });
    const late = await h.request('POST', `/v1/incidents/${i.id}/unacknowledge`, { actor: 'ana' });
    expect([late.status, late.json.error.code]).toEqual([409, 'conflict']);
    expect(await eventTypesUntilMarker(h, client, from)).toEqual(['incident_updated', 'incident_updated', 'incident_updated']);
  });
});

describe('the respond scope', () => {
  it('lets a responder act on incidents but not publish; subscribe alone cannot act; publish implies respond', async () => {
    const { h, i } = await withIncident();
    expect((await h.request('POST', `/v1/incidents/${i.id}/acknowledge`, { actor: 'r' }, READER)).status).toBe(403);
    expect((await h.request('POST', `/v1/incidents/${i.id}/acknowledge`, { actor: 'r' }, null)).status).toBe(401);
    expect((await h.request('POST', '/v1/events', created(incident()), RESPONDER)).status).toBe(403);
    expect((await h.request('POST', `/v1/incidents/${i.id}/acknowledge`, { actor: 'r' }, RESPONDER)).status).toBe(200);
    expect((await h.request('PUT', `/v1/incidents/${i.id}`, { assignees: ['r'] }, RESPONDER)).status).toBe(200);
    expect((await h.request('POST', `/v1/incidents/${i.id}/resolve`, { resolved_by: 'r' }, RESPONDER)).status).toBe(200);
    const other = incident({ source: 'api' });
    await h.publish(created(other));
    expect((await h.request('POST', `/v1/incidents/${other.id}/acknowledge`, { actor: 'p' })).status).toBe(200);
  });
});

describe('the in-process responder', () => {
  it('acknowledges through ingest.responder exactly as the route does', async () => {
    const { h, client, i, from } = await withIncident();
    const out = await h.ingest.responder.acknowledge(i.id, { actor: 'tray' });
    expect([out.changed, out.incident.state]).toEqual([true, 'Triaged']);
    expect((await h.ingest.responder.acknowledge(i.id, { actor: 'tray' })).changed).toBe(false);
    expect(await eventTypesUntilMarker(h, client, from)).toEqual(['incident_updated']);
  });
});
