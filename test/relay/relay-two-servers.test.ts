// Two real Incident Relay servers: events published upstream reach clients of the local one, once each, in order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.js';
import { SqliteJournal } from '../../src-main/server/journal/sqlite-journal.js';
import { startServer, TEST_TOKEN, type Harness } from '../support/server-harness.js';
import { TestClient } from '../support/ws-client.js';
import { incident, created } from '../support/fixtures.js';
import {
  numbered, publishEvents, range, receivedNumbers, startRelayedLocal, waitFor,
} from './relay-harness.js';
import { startTcpProxy } from './tcp-proxy.js';

const cleanups = cleanupsAfterEach();
const later = <T>(fn: () => unknown, value: T): T => {
  cleanups.push(fn);
  return value;
};

async function upstreamServer(): Promise<Harness> {
  const h = await startServer();
  return later(() => h.stop(), h);
}

async function localClient(url: string): Promise<TestClient> {
  const c = await TestClient.connect(url);
  later(() => c.close(), c);
  await c.subscribe('everything');
  return c;
}

describe('relay between two Incident Relay servers', () => {
  it('delivers events published upstream to a local client in publish order', async () => {
    const upstream = await upstreamServer();
    const { local, relay, stop } = await startRelayedLocal([{ url: upstream.wsUrl, name: 'central' }]);
    later(stop, null);
    await waitFor(() => relay.status('central')?.state === 'connected', 'the relay to connect');
    const client = await localClient(local.wsUrl);
    for (let n = 1; n <= 60; n += 12) await publishEvents(upstream, range(n, n + 11).map(numbered));
    await waitFor(() => client.events().length >= 60, '60 events at the local client');
    expect(receivedNumbers(client)).toEqual(range(1, 60));
    expect(relay.status('central')).toMatchObject({ eventsRelayed: 60, duplicatesDropped: 0, reconnects: 0 });
  });

  it('subscribes upstream with the configured filters', async () => {
    const upstream = await upstreamServer();
    const { local, relay, stop } = await startRelayedLocal([{ url: upstream.wsUrl, name: 'p0-only', filters: { event_types: ['incident_created'], severities: ['P0'] } }]);
    later(stop, null);
    await waitFor(() => relay.status('p0-only')?.state === 'connected', 'the relay to connect');
    const client = await localClient(local.wsUrl);
    const p0 = incident({ severity: 'P0', title: 'database down' });
    await publishEvents(upstream, [numbered(1), created(incident({ severity: 'P3' })), created(p0)]);
    await waitFor(() => client.events().length >= 1, 'the P0 incident at the local client');
    const events = client.events().map((f) => f.event as { event_type: string; incident?: { id: string } });
    expect(events).toEqual([expect.objectContaining({ event_type: 'incident_created', incident: expect.objectContaining({ id: p0.id }) })]);
    expect(upstream.server.connectionStats().active_subscriptions).toBe(1);
  });

  it('resumes after a reset connection with resume_after: nothing lost, nothing twice, replay support reported', async () => {
    const upstream = await upstreamServer();
    const proxy = await startTcpProxy(Number(new URL(upstream.url).port));
    later(() => proxy.close(), null);
    const { local, relay, stop } = await startRelayedLocal([{ url: proxy.wsUrl(), name: 'central' }]);
    later(stop, null);
    await waitFor(() => relay.status('central')?.state === 'connected', 'the relay to connect');
    const client = await localClient(local.wsUrl);
    await publishEvents(upstream, range(1, 10).map(numbered));
    await waitFor(() => client.events().length >= 10, 'the first 10 events');
    proxy.setMode('reset');
    await publishEvents(upstream, range(11, 20).map(numbered));
    await waitFor(() => relay.status('central')?.state === 'backing_off', 'the relay to notice the reset');
    proxy.setMode('pass');
    await waitFor(() => client.events().length >= 20, 'the 10 events published while disconnected');
    await waitFor(() => relay.status('central')?.replaySupported === true, 'replay_complete');
    await publishEvents(upstream, range(21, 25).map(numbered));
    await waitFor(() => client.events().length >= 25, 'live events after the resume');
    expect(receivedNumbers(client)).toEqual(range(1, 25));
    expect(relay.status('central')!.reconnects).toBeGreaterThanOrEqual(1);
  });

  it('reports status in stats(), /health and /metrics', async () => {
    const upstream = await upstreamServer();
    const { local, relay, stop } = await startRelayedLocal([{ url: upstream.wsUrl, name: 'central', token: TEST_TOKEN }]);
    later(stop, null);
    await waitFor(() => relay.status('central')?.state === 'connected', 'the relay to connect');
    await publishEvents(upstream, range(1, 3).map(numbered));
    await waitFor(() => relay.status('central')?.eventsRelayed === 3, 'three relayed events');

    const stats = relay.stats();
    expect(stats.connected).toBe(1);
    expect(stats.upstreams[0]).toMatchObject({
      name: 'central', state: 'connected', reconnects: 0, nextRetryAt: null, hasToken: true, replaySupported: null,
    });
    expect(Date.parse(stats.upstreams[0]!.since)).not.toBeNaN();
    expect(Date.parse(stats.upstreams[0]!.lastEventAt!)).not.toBeNaN();

    const health = await (await fetch(`${local.url}/health`)).json() as { status: string; upstreams: Record<string, unknown>[] };
    expect(health.status).toBe('healthy');
    expect(health.upstreams).toEqual([expect.objectContaining({ name: 'central', state: 'connected', replay: 'unknown', reconnects: 0 })]);
    expect(JSON.stringify(health)).not.toContain(TEST_TOKEN);

    const metrics = await (await fetch(`${local.url}/metrics`)).text();
    expect(metrics).toMatch(/^relay_upstream_connected\{upstream="central"\} 1$/m);
    expect(metrics).toMatch(/^relay_events_total\{upstream="central",outcome="relayed"\} 3$/m);
    expect(metrics).toMatch(/^relay_reconnects_total\{upstream="central"\} 0$/m);
    expect(metrics).toMatch(/^relay_upstream_lag_seconds\{upstream="central"\} \d+(\.\d+)?(e-\d+)?$/m);
    expect(metrics).not.toContain(TEST_TOKEN);
  });

  it('adds and removes upstreams at run time', async () => {
    const upstream = await upstreamServer();
    const { local, relay, stop } = await startRelayedLocal([]);
    later(stop, null);
    expect(relay.list()).toEqual([]);
    relay.addUpstream({ url: upstream.wsUrl, name: 'added' });
    expect(() => relay.addUpstream({ url: upstream.wsUrl, name: 'added' })).toThrow(/already exists/);
    await waitFor(() => relay.status('added')?.state === 'connected', 'the added upstream to connect');
    expect(upstream.server.connectionStats().active_subscriptions).toBe(1);
    expect(relay.list().map((s) => s.name)).toEqual(['added']);

    expect(await relay.removeUpstream('added')).toBe(true);
    expect(await relay.removeUpstream('added')).toBe(false);
    expect(relay.list()).toEqual([]);
    await waitFor(() => upstream.server.connectionStats().active_connections === 0, 'the upstream to see the relay leave');
    const metrics = await (await fetch(`${local.url}/metrics`)).text();
    expect(metrics).not.toContain('upstream="added"');
  });

  it('refuses invalid upstreams with a message naming the problem', async () => {
    const { relay, stop } = await startRelayedLocal([]);
    later(stop, null);
    expect(() => relay.addUpstream({ url: 'http://example.com/ws' })).toThrow(/url/);
    expect(() => relay.addUpstream({ url: 'ws://127.0.0.1:1/ws', name: 'a|b' })).toThrow(/name/);
    expect(() => relay.addUpstream({ url: 'ws://127.0.0.1:1/ws', filters: { severities: ['P9'] } })).toThrow(/filters\.severities/);
    expect(relay.list()).toEqual([]);
  });

  it('resumes from the local journal after the app restarts', async () => {
    const upstream = await upstreamServer();
    const dir = mkdtempSync(join(tmpdir(), 'relay-restart-'));
    later(() => rmSync(dir, { recursive: true, force: true }), null);
    const journalFile = join(dir, 'local-journal.sqlite3');
    const first = await startRelayedLocal([{ url: upstream.wsUrl, name: 'central' }], undefined, {}, { journal: new SqliteJournal(journalFile) });
    let firstStopped = false;
    later(() => (firstStopped ? undefined : first.stop()), null);
    await waitFor(() => first.relay.status('central')?.state === 'connected', 'the first relay to connect');
    await publishEvents(upstream, range(1, 5).map(numbered));
    await waitFor(() => first.relay.status('central')?.eventsRelayed === 5, 'five relayed events');
    await first.stop();
    firstStopped = true;

    await publishEvents(upstream, range(6, 10).map(numbered));
    const journal = new SqliteJournal(journalFile); // the app starts again on the same file
    const second = await startRelayedLocal([], undefined, {}, { journal });
    later(() => second.stop(), null);
    const client = await localClient(second.local.wsUrl);
    const status = second.relay.addUpstream({ url: upstream.wsUrl, name: 'central' });
    expect(status.resumeAfter).not.toBeNull();
    await waitFor(() => client.events().length >= 5, 'the five events published while the app was down');
    await publishEvents(upstream, [numbered(11)]);
    await waitFor(() => client.events().length >= 6, 'a live event');
    expect(receivedNumbers(client)).toEqual(range(6, 11));
    const origins = journal.readAfter(0, 100).map((e) => e.origin);
    expect(origins.filter((o) => o?.startsWith('central|'))).toHaveLength(11);
    expect(new Set(origins).size).toBe(11);
  });
});
