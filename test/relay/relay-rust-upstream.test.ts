// Issue 19, findings 7–9: relaying a Rust server (no replay, creation events only, page size 20) loses nothing silently.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_FETCH_LIMITS } from '../../src-main/relay/index.js';
import { TestClient } from '../support/ws-client.js';
import { FAST_TIMINGS, isGapMarkFrame, sleep, startRelayedLocal, waitFor } from './relay-harness.js';
import { startRustUpstream, type RustUpstream } from './rust-upstream.js';

let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

const RECONCILE_MS = 300;

async function setUp(rust: RustUpstream, pageSize = DEFAULT_FETCH_LIMITS.pageSize) {
  const relayed = await startRelayedLocal([{ url: rust.wsUrl, name: 'rust' }], { ...FAST_TIMINGS, reconcileIntervalMs: RECONCILE_MS }, {}, {}, {
    backfillLimits: { ...DEFAULT_FETCH_LIMITS, pageSize },
  });
  cleanups.push(relayed.stop);
  await waitFor(() => relayed.relay.status('rust')?.state === 'connected' && rust.subscribedClients() === 1, 'the relay to subscribe');
  return relayed;
}

async function rustUpstream(): Promise<RustUpstream> {
  const rust = await startRustUpstream();
  cleanups.push(() => rust.close());
  return rust;
}

describe('relaying a Rust upstream', () => {
  it('7: backfills all 25 active incidents by page/page_size and reports partial truthfully', async () => {
    const rust = await rustUpstream();
    const ids = Array.from({ length: 25 }, (_, k) => rust.create({ title: `active ${k}` }).id);
    const { local, relay } = await setUp(rust, 10);
    await waitFor(() => relay.status('rust')?.backfill?.state === 'done', 'the backfill');
    expect(relay.status('rust')!.backfill).toMatchObject({ stored: 25, partial: false });
    for (const id of ids) expect(local.server.incidents.get(id.toLowerCase())?.title).toMatch(/^active /);
    expect(rust.listQueries.map((q) => [new URLSearchParams(q).get('page'), new URLSearchParams(q).get('page_size')])).toEqual([['0', '10'], ['1', '10'], ['2', '10']]);
    // Stored complete (PROTOCOL 1.1 §4) though the Rust IncidentResponse has no timeline or notes.
    expect(local.server.incidents.get(ids[0]!.toLowerCase())).toMatchObject({ related_incidents: [], notes: [], fingerprint: null });
  });

  it('7: with the default page size, one request gets all 25 (the Rust default of 20 never applies)', async () => {
    const rust = await rustUpstream();
    for (let k = 0; k < 25; k++) rust.create({ title: `active ${k}` });
    const { relay } = await setUp(rust);
    await waitFor(() => relay.status('rust')?.backfill?.state === 'done', 'the backfill');
    expect(relay.status('rust')!.backfill).toMatchObject({ stored: 25, partial: false });
    expect(rust.listQueries).toHaveLength(1);
  });

  it('8: an incident resolved upstream (no event on /ws) is resolved locally by the reconcile, marked, once', async () => {
    const rust = await rustUpstream();
    const { local } = await setUp(rust);
    const client = await TestClient.connect(local.wsUrl);
    cleanups.push(() => client.close());
    await client.subscribe('all', { event_types: ['incident_created', 'incident_updated', 'incident_resolved'] });
    const incident = rust.create({ severity: 'P1' });
    await client.next((f) => f.type === 'event' && (f.event as { event_type: string }).event_type === 'incident_created');
    rust.resolve(incident.id);
    const resolved = await client.next((f) => f.type === 'event' && (f.event as { event_type: string }).event_type === 'incident_resolved');
    expect(resolved.event).toMatchObject({
      reconciled: true, incident: { id: incident.id, state: 'Resolved', resolution: { resolved_by: 'rust-responder', resolution_method: 'Manual' }, timeline: [{ event_type: 'Created' }] },
    });
    expect(local.server.incidents.get(incident.id.toLowerCase())?.state).toBe('Resolved');
    await sleep(3 * RECONCILE_MS); // room for a repeat or a loop to show
    expect(client.events().filter((f) => (f.event as { event_type: string }).event_type !== 'incident_created')).toHaveLength(1);
  });

  it('9: a downstream resume across a reconnect gap answers gap: true, and the backfill after the gap fetches what was missed', async () => {
    const rust = await rustUpstream();
    const { local, relay } = await setUp(rust);
    const before = await TestClient.connect(local.wsUrl);
    cleanups.push(() => before.close());
    await before.subscribe('all');
    rust.create({ title: 'seen live' });
    const seen = await before.next((f) => f.type === 'event');
    await waitFor(() => relay.status('rust')?.resumeAfter !== null, 'a resume point');

    rust.dropClients();
    const missed = rust.create({ title: 'published while the relay was away' });
    await waitFor(() => relay.status('rust')?.reconnects === 1 && relay.status('rust')?.state === 'connected', 'the reconnect');
    await before.next(isGapMarkFrame);
    await waitFor(() => local.server.incidents.get(missed.id.toLowerCase()) !== undefined, 'the backfill after the gap');

    const resumed = await TestClient.connect(local.wsUrl);
    cleanups.push(() => resumed.close());
    await resumed.subscribe('again', { event_types: ['incident_created'] }, { resume_after: seen.message_id });
    expect(await resumed.next((f) => f.type === 'replay_complete')).toMatchObject({ replayed: 0, gap: true });
    expect(relay.status('rust')!.replaySupported).toBe(false);
  });
});
