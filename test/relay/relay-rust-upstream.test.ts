// Issue 19, findings 7–9: relaying a Rust server (no replay, creation events only, page size 20) loses nothing silently;
// and /health and /metrics say what the reconcile and the gap marks did (the Rust-interop review's follow-up).
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.js';
import { DEFAULT_FETCH_LIMITS } from '../../src-main/relay/index.js';
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import { TestClient, type Frame } from '../support/ws-client.js';
import { FAST_TIMINGS, isGapMarkFrame, publishEvents, startRelayedLocal, waitFor } from './relay-harness.js';
import { startRustUpstream, type RustUpstream } from './rust-upstream.js';

const cleanups = cleanupsAfterEach();

const RECONCILE_MS = 300;

async function setUp(rust: RustUpstream, pageSize = DEFAULT_FETCH_LIMITS.pageSize) {
  const relayed = await startRelayedLocal([{ url: rust.wsUrl, name: 'rust' }], { ...FAST_TIMINGS, reconcileIntervalMs: RECONCILE_MS }, {}, {}, {
    backfillLimits: { ...DEFAULT_FETCH_LIMITS, pageSize },
  });
  cleanups.push(relayed.stop);
  await waitFor(() => relayed.relay.status('rust')?.state === 'connected' && rust.subscribedClients() === 1, 'the relay to subscribe');
  return relayed;
}

interface SyncHealth { name: string; reconciled: number; last_reconcile_at: string | null; gap_marks: number }

/** The `rust` upstream's entry in the local server's /health. */
async function rustHealth(baseUrl: string): Promise<SyncHealth | undefined> {
  const body = await (await fetch(`${baseUrl}/health`)).json() as { upstreams?: SyncHealth[] };
  return body.upstreams?.find((u) => u.name === 'rust');
}

/** The value of a relay counter for the `rust` upstream in /metrics, or undefined when the series is absent. */
async function rustCounter(baseUrl: string, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = new RegExp(`^${name}\\{upstream="rust"\\} (\\S+)$`, 'm').exec(text);
  return line ? Number(line[1]) : undefined;
}

/** Waits until /health shows `rounds` more reconcile rounds of `rust` ended (each a later `last_reconcile_at`). */
async function reconcileRoundsEnded(baseUrl: string, rounds: number): Promise<void> {
  let last = (await rustHealth(baseUrl))?.last_reconcile_at ?? null;
  let ended = 0;
  await waitFor(async () => {
    const now = (await rustHealth(baseUrl))?.last_reconcile_at ?? null;
    if (now !== null && now !== last) [ended, last] = [ended + 1, now];
    return ended >= rounds;
  }, `${rounds} more reconcile rounds`);
}

/** A low-priority event published locally: it cannot overtake what was published before it, so its arrival is a barrier. */
const BARRIER: IncidentEvent = { event_type: 'system_event', category: 'test-barrier', message: 'everything before me has arrived', metadata: {} };
const isBarrier = (f: Frame) => f.type === 'event' && (f.event as { category?: string }).category === 'test-barrier';

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
    await client.subscribe('all', { event_types: ['incident_created', 'incident_updated', 'incident_resolved', 'system_event'] });
    const incident = rust.create({ severity: 'P1' });
    await client.next((f) => f.type === 'event' && (f.event as { event_type: string }).event_type === 'incident_created');
    rust.resolve(incident.id);
    const resolved = await client.next((f) => f.type === 'event' && (f.event as { event_type: string }).event_type === 'incident_resolved');
    expect(resolved.event).toMatchObject({
      reconciled: true, incident: { id: incident.id, state: 'Resolved', resolution: { resolved_by: 'rust-responder', resolution_method: 'Manual' }, timeline: [{ event_type: 'Created' }] },
    });
    expect(local.server.incidents.get(incident.id.toLowerCase())?.state).toBe('Resolved');
    // The second of two rounds ending after this point began after the round that published the resolve had ended, so a
    // reconcile that repeats it (or loops it back) has published again by then; the barrier then brings it to the client.
    await reconcileRoundsEnded(local.url, 2);
    await publishEvents(local, [BARRIER]);
    await client.next(isBarrier);
    const aboutIt = client.events().filter((f) => (f.event as { incident?: { id: string } }).incident?.id.toLowerCase() === incident.id.toLowerCase());
    expect(aboutIt.map((f) => (f.event as { event_type: string }).event_type)).toEqual(['incident_created', 'incident_resolved']);
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
  it('/health and /metrics count the reconcile that resolved an incident the upstream sent no event for', async () => {
    const rust = await rustUpstream();
    const { local } = await setUp(rust);
    expect(await rustCounter(local.url, 'relay_reconciled_total')).toBe(0);
    expect(await rustHealth(local.url)).toMatchObject({ reconciled: 0 });
    const incident = rust.create({ severity: 'P1' });
    await waitFor(() => local.server.incidents.get(incident.id.toLowerCase()) !== undefined, 'the relayed incident');
    const resolvedAt = Date.now();
    rust.resolve(incident.id);
    await waitFor(() => local.server.incidents.get(incident.id.toLowerCase())?.state === 'Resolved', 'the reconcile to resolve it');
    // The round that published ends after it: its end time is the one /health shows once it is over.
    await waitFor(async () => {
      const h = await rustHealth(local.url);
      return h?.reconciled === 1 && h.last_reconcile_at !== null && Date.parse(h.last_reconcile_at) >= resolvedAt;
    }, '/health to show the reconcile');
    expect(await rustCounter(local.url, 'relay_reconciled_total')).toBe(1);
  });

  it('/health and /metrics count one gap mark after a reconnect to the upstream that does not replay', async () => {
    const rust = await rustUpstream();
    const { local, relay } = await setUp(rust);
    const client = await TestClient.connect(local.wsUrl);
    cleanups.push(() => client.close());
    await client.subscribe('all');
    rust.create({ title: 'seen live' });
    await client.next((f) => f.type === 'event');
    await waitFor(() => relay.status('rust')?.resumeAfter !== null, 'a resume point');
    expect(await rustCounter(local.url, 'relay_gap_marks_total')).toBe(0);
    expect(await rustHealth(local.url)).toMatchObject({ gap_marks: 0 });

    rust.dropClients();
    await waitFor(() => relay.status('rust')?.reconnects === 1 && relay.status('rust')?.state === 'connected', 'the reconnect');
    await client.next(isGapMarkFrame);
    await waitFor(async () => (await rustHealth(local.url))?.gap_marks === 1, '/health to count the gap mark');
    expect(await rustCounter(local.url, 'relay_gap_marks_total')).toBe(1);
    expect(client.events().filter(isGapMarkFrame)).toHaveLength(1);
    expect(relay.status('rust')!.gapMarks).toBe(1);
  });
});
