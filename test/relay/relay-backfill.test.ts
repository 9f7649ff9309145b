// First-connect backfill: an upstream's active incidents reach the local store without events, once, and guide-only servers still work.
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.js';
import { eventIncidentId, type Incident } from '../../src-shared/protocol/index.js';
import { createIngest } from '../../src-main/ingest/index.js';
import { startNotifications, type NotificationMessage } from '../../src-main/notify/index.js';
import { startUpstreamRelays } from '../../src-main/relay/index.js';
import { parseConfig } from '../../src-main/server/config/load.js';
import type { IncidentQueryResult, IncidentStoreQuery } from '../../src-main/server/incidents/incident-filter.js';
import { MemoryIncidentStore } from '../../src-main/server/incidents/incident-store.js';
import type { JournalEntry } from '../../src-main/server/journal/journal.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { incident, created } from '../support/fixtures.js';
import { startIngestServer, type IngestHarness } from '../ingest/ingest-harness.js';
import { startGuideServer } from './guide-server.js';
import { numbered, publishEvents, startRelayedLocal, waitFor, FAST_TIMINGS, type RelayedLocal } from './relay-harness.js';
import { startTcpProxy } from './tcp-proxy.js';

const cleanups = cleanupsAfterEach();

/** The upstream's incident store, counting `query()`: one per GET /v1/incidents page served. */
class CountingStore extends MemoryIncidentStore {
  lists = 0;
  override query(q: IncidentStoreQuery): IncidentQueryResult {
    this.lists += 1;
    return super.query(q);
  }
}

async function upstreamWithIncidents(): Promise<{ upstream: IngestHarness; store: CountingStore }> {
  const store = new CountingStore();
  const upstream = await startIngestServer({}, { incidents: store });
  cleanups.push(() => upstream.stop());
  return { upstream, store };
}

/** A local server with the incidents API (ingest) and the relay; `local.server.incidents` is what the UI and notifications read. */
async function relayedLocalWithIngest(upstreamUrl: string, relayOpts: Parameters<typeof startRelayedLocal>[4] = {}): Promise<RelayedLocal> {
  const ingest = createIngest(parseConfig({}));
  const relayed = await startRelayedLocal([{ url: upstreamUrl, name: 'central' }], FAST_TIMINGS, {}, { alertConverter: ingest.alertConverter }, relayOpts);
  cleanups.push(relayed.stop);
  ingest.attach(relayed.local.server);
  return relayed;
}

async function listLocal(local: Harness): Promise<Incident[]> {
  const res = await fetch(`${local.url}/v1/incidents?active_only=true&limit=500`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { incidents: Incident[] }).incidents;
}

describe('first-connect incident backfill', () => {
  it('copies the active incidents that existed upstream before the relay, without events and without notifications', async () => {
    const { upstream, store } = await upstreamWithIncidents();
    const burning = [incident({ severity: 'P0', title: 'Checkout down' }), incident({ severity: 'P1' }), incident({ severity: 'P2' })];
    const gone = incident({ severity: 'P0' });
    await publishEvents(upstream, [...burning.map(created), created(gone)]);
    await publishEvents(upstream, [{ event_type: 'incident_resolved', incident: { ...gone, state: 'Resolved', updated_at: new Date(Date.now() + 1000).toISOString() } }]);

    // Local: notifications watch every local event from before the relay starts (page size 2: three pages, by cursor).
    const ingest = createIngest(parseConfig({}));
    const local = await startServer({}, { alertConverter: ingest.alertConverter });
    cleanups.push(() => local.stop());
    ingest.attach(local.server);
    const localEvents: JournalEntry[] = [];
    cleanups.push(local.server.onEvent((e) => localEvents.push(e)));
    const shown: NotificationMessage[] = [];
    const notifications = startNotifications({
      onEvent: (l) => local.server.onEvent(l), getIncident: (id) => local.server.incidents.get(id),
      sink: { show: async (n) => void shown.push(n) }, onError: () => undefined, onWarning: () => undefined,
    });
    cleanups.push(() => notifications.stop());
    const listsBefore = store.lists;
    const relay = startUpstreamRelays(local.server, [{ url: upstream.wsUrl, name: 'central' }], local.server.logger, {
      timings: FAST_TIMINGS, backfillLimits: { pageSize: 2, maxIncidents: 2000, maxPages: 20, timeoutMs: 5000, maxBodyBytes: 1 << 20 },
    });
    cleanups.push(() => relay.stop());

    await waitFor(() => relay.status('central')?.backfill?.state === 'done', 'the backfill');
    const ids = (await listLocal(local)).map((i) => i.id).sort();
    expect(ids).toEqual(burning.map((i) => i.id).sort());
    expect(local.server.incidents.get(burning[0]!.id.toLowerCase())).toMatchObject({ title: 'Checkout down', severity: 'P0' });
    expect(store.lists - listsBefore).toBe(2); // two pages of two (three active, the resolved one left out by active_only)
    const status = relay.status('central')!;
    expect(status.backfill).toMatchObject({ state: 'done', stored: 3, invalid: 0, partial: false });
    expect(status.detail).toMatch(/3 active incidents backfilled/);
    const health = await (await fetch(`${local.url}/health`)).json() as { status: string };
    expect(health.status).toBe('healthy');

    // The policy is live: a new incident published upstream now is relayed and notified; the old ones never were.
    const fresh = incident({ severity: 'P0', title: 'Fresh fire' });
    await publishEvents(upstream, [created(fresh)]);
    await waitFor(() => shown.some((n) => n.incidentId?.toLowerCase() === fresh.id.toLowerCase()), 'the notification of the new incident');
    await notifications.idle();
    const backfilledIds = new Set(burning.map((i) => i.id.toLowerCase()));
    expect(shown.filter((n) => n.incidentId !== undefined && backfilledIds.has(n.incidentId.toLowerCase()))).toEqual([]);
    expect(localEvents.map((e) => e.event.event_type)).toEqual(['incident_created']);
    expect(localEvents.filter((e) => backfilledIds.has(eventIncidentId(e.event) ?? ''))).toEqual([]);
  });

  it('keeps a local version that is newer than the upstream one', async () => {
    const { upstream } = await upstreamWithIncidents();
    const old = incident({ severity: 'P1', updated_at: '2026-01-01T00:00:00.000Z', created_at: '2026-01-01T00:00:00.000Z' });
    await publishEvents(upstream, [created(old)]);
    const ingest = createIngest(parseConfig({}));
    const local = await startServer({}, { alertConverter: ingest.alertConverter });
    cleanups.push(() => local.stop());
    ingest.attach(local.server);
    local.server.incidents.put({ ...old, severity: 'P0', updated_at: '2026-02-01T00:00:00.000Z' });
    const relay = startUpstreamRelays(local.server, [{ url: upstream.wsUrl, name: 'central' }], local.server.logger, { timings: FAST_TIMINGS });
    cleanups.push(() => relay.stop());
    await waitFor(() => relay.status('central')?.backfill?.state === 'done', 'the backfill');
    expect(relay.status('central')!.backfill).toMatchObject({ stored: 0, skipped: 1 });
    expect(local.server.incidents.get(old.id.toLowerCase())!.severity).toBe('P0');
  });

  it('fetches again after a reconnect that had no resume point (a gap), not when a resume point exists', async () => {
    const { upstream, store } = await upstreamWithIncidents();
    await publishEvents(upstream, [created(incident({ severity: 'P0' }))]);
    const proxy = await startTcpProxy(Number(new URL(upstream.url).port));
    cleanups.push(() => proxy.close());
    const { local, relay } = await relayedLocalWithIngest(proxy.wsUrl());
    await waitFor(() => relay.status('central')?.backfill?.state === 'done', 'the backfill');
    expect(store.lists).toBe(1);
    expect(await listLocal(local)).toHaveLength(1);

    // A reconnect before any event arrived: no resume point, so what was published meanwhile cannot be replayed (a gap).
    proxy.resetExisting();
    await waitFor(() => relay.status('central')?.reconnects === 1 && relay.status('central')?.state === 'connected', 'the reconnect');
    await waitFor(() => store.lists === 2, 'the backfill after the gap');

    // An event makes a resume point; the upstream re-added (as after an app restart with a durable journal) resumes without a fetch.
    await publishEvents(upstream, [numbered(1)]);
    await waitFor(() => relay.status('central')?.resumeAfter !== null, 'a resume point');
    await relay.removeUpstream('central');
    relay.addUpstream({ url: proxy.wsUrl(), name: 'central' });
    await waitFor(() => relay.status('central')?.state === 'connected', 'the new connection');
    await publishEvents(upstream, [numbered(2)]);
    await waitFor(() => relay.status('central')?.eventsRelayed === 1, 'a live event on the new connection');
    expect(relay.status('central')!.backfill).toBeNull();
    expect(store.lists).toBe(2);
  });

  it('against a guide-only server: says "no incident backfill" and relays live events', async () => {
    const guide = await startGuideServer();
    cleanups.push(() => guide.close());
    const { local, relay } = await relayedLocalWithIngest(guide.wsUrl);
    const localEvents: JournalEntry[] = [];
    cleanups.push(local.server.onEvent((e) => localEvents.push(e)));
    await waitFor(() => relay.status('central')?.backfill?.state === 'unsupported', 'the backfill to find no incidents API');
    const status = relay.status('central')!;
    expect(status.state).toBe('connected');
    expect(status.detail).toMatch(/no incident backfill/);
    expect(status.backfill!.reason).toMatch(/HTTP 426/);
    guide.emit(numbered(1));
    await waitFor(() => localEvents.length === 1, 'a live event');
    expect(await listLocal(local)).toEqual([]);
  });

  it('two servers relaying each other copy each other\'s incidents once and publish nothing (no loop)', async () => {
    const a = await upstreamWithIncidents();
    const b = await upstreamWithIncidents();
    const onA = incident({ title: 'on A' });
    const onB = incident({ title: 'on B' });
    await publishEvents(a.upstream, [created(onA)]);
    await publishEvents(b.upstream, [created(onB)]);
    const eventsOn = (h: Harness) => {
      const seen: JournalEntry[] = [];
      cleanups.push(h.server.onEvent((e) => seen.push(e)));
      return seen;
    };
    const seenA = eventsOn(a.upstream);
    const seenB = eventsOn(b.upstream);
    const relayA = startUpstreamRelays(a.upstream.server, [{ url: b.upstream.wsUrl, name: 'b' }], a.upstream.server.logger, { timings: FAST_TIMINGS });
    cleanups.push(() => relayA.stop());
    const relayB = startUpstreamRelays(b.upstream.server, [{ url: a.upstream.wsUrl, name: 'a' }], b.upstream.server.logger, { timings: FAST_TIMINGS });
    cleanups.push(() => relayB.stop());
    await waitFor(() => relayA.status('b')?.backfill?.state === 'done' && relayB.status('a')?.backfill?.state === 'done', 'both backfills');
    for (const h of [a.upstream, b.upstream]) {
      expect(h.server.incidents.list().map((i) => i.title).sort()).toEqual(['on A', 'on B']);
    }
    expect([...seenA, ...seenB]).toEqual([]);

    await publishEvents(a.upstream, [numbered(1)]);
    await waitFor(() => seenB.length === 1, 'the live event on B');
    await waitFor(() => relayA.status('b')!.loopsDropped === 1, 'A to drop its own event coming back');
    expect(seenA).toHaveLength(1);
  });
});
