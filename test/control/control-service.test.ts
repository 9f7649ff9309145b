// The control service over a real server on 127.0.0.1:0: every channel's behaviour, persistence, and contract shape.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRIDGE_CHANNELS, BRIDGE_PUSHES, runBridgeCall, type ChannelName, type PushName, type PushOf, type ResponseOf } from '../../src-shared/bridge/index.js';
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import { startNotifications } from '../../src-main/notify/index.js';
import { SqliteIncidentStore } from '../../src-main/server/incidents/sqlite-incident-store.js';
import { SqliteJournal } from '../../src-main/server/journal/sqlite-journal.js';
import { created, incident } from '../support/fixtures.js';
import { startServer, TEST_TOKEN, type Harness } from '../support/server-harness.js';
import { waitFor } from '../relay/relay-harness.js';
import { controlHarnessPerTest, type ControlHarness } from './support/control-harness.js';
import { tempDir } from './support/temp-dir.js';

const { cleanups, harness } = controlHarnessPerTest();

/** Runs a channel as both transports do, and checks the response against the contract. */
async function run<C extends ChannelName>(h: ControlHarness, channel: C, body: unknown = {}): Promise<ResponseOf<C>> {
  const result = await runBridgeCall(h.service.handlers, channel, body);
  return BRIDGE_CHANNELS[channel].response.parse(result) as ResponseOf<C>;
}

async function publish(h: ControlHarness, ...events: IncidentEvent[]) {
  return h.h.server.publish(events);
}

describe('subscriptions', () => {
  it('are created, updated, listed and deleted, and survive a restart on the same data dir', async () => {
    const dir = tempDir(cleanups);
    const first = await harness({ dataDir: dir });
    const sub = await run(first, 'subscriptions:create', { name: ' Critical ', filters: { severities: ['P0', 'P1', 'P0'] }, notify: true });
    expect(sub).toMatchObject({ name: 'Critical', notify: true, matchedCount: 0 });
    expect(sub.filters).toEqual({ event_types: [], severities: ['P0', 'P1'], states: [], sources: [], affected_resources: [], labels: {}, incident_ids: [] });
    const other = await run(first, 'subscriptions:create', { name: 'All', filters: {}, notify: false });
    const renamed = await run(first, 'subscriptions:update', { id: sub.id, name: 'Pages', notify: false });
    expect(renamed).toMatchObject({ id: sub.id, name: 'Pages', notify: false, filters: sub.filters });
    await run(first, 'subscriptions:delete', { id: other.id });
    await first.stop();
    cleanups.pop();

    const second = await harness({ dataDir: dir });
    const { subscriptions } = await run(second, 'subscriptions:list');
    expect(subscriptions.map((s: { name: string }) => s.name)).toEqual(['Pages']);
  });

  it('count the events they match and name themselves on feed events', async () => {
    const h = await harness();
    const p0 = await run(h, 'subscriptions:create', { name: 'P0', filters: { severities: ['P0'] }, notify: false });
    const db = await run(h, 'subscriptions:create', { name: 'db', filters: { labels: { team: 'db' } }, notify: false });
    await publish(h, created(incident({ severity: 'P0', labels: { team: 'db' } })), created(incident({ severity: 'P1' })), created(incident({ severity: 'P0' })));
    const { subscriptions } = await run(h, 'subscriptions:list');
    expect(Object.fromEntries(subscriptions.map((s: { name: string; matchedCount: number }) => [s.name, s.matchedCount]))).toEqual({ P0: 2, db: 1 });
    const { events } = await run(h, 'events:recent', {});
    expect(events.map((e: { subscriptionIds: string[] }) => e.subscriptionIds.sort())).toEqual([[p0.id, db.id].sort(), [], [p0.id]]);
  });

  it('refuse an unknown id with not_found and invalid filters with the schema message', async () => {
    const h = await harness();
    await expect(run(h, 'subscriptions:update', { id: 'nope', name: 'x' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(run(h, 'subscriptions:create', { name: 'bad', filters: { severities: ['P9'] }, notify: false }))
      .rejects.toMatchObject({ code: 'invalid_message', message: expect.stringContaining('filters.severities.0') });
    expect((await run(h, 'subscriptions:list')).subscriptions).toEqual([]);
  });
});

describe('incidents', () => {
  it('lists active incidents (resolved ones on request) and gives each its timeline, oldest first', async () => {
    const h = await harness();
    const open = incident({ severity: 'P1' });
    const done = incident({ state: 'Resolved' });
    await publish(h, created(open), created(done));
    await publish(h, { event_type: 'comment_added', incident_id: open.id, author: 'me', comment: 'looking', timestamp: new Date().toISOString() });
    expect((await run(h, 'incidents:list', {})).incidents.map((s: { incident: { id: string } }) => s.incident.id)).toEqual([open.id]);
    expect((await run(h, 'incidents:list', { includeResolved: true })).incidents).toHaveLength(2);
    const detail = await run(h, 'incidents:get', { id: open.id.toUpperCase() });
    expect(detail.summary).toMatchObject({ eventCount: 2, acknowledgedAt: null, snoozedUntil: null });
    expect(detail.timeline.map((e: { event: IncidentEvent }) => e.event.event_type)).toEqual(['incident_created', 'comment_added']);
    await expect(run(h, 'incidents:get', { id: incident().id })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('acknowledge without notifications publishes incident_updated (Triaged, PROTOCOL 1.1) once and records who', async () => {
    const h = await harness();
    const i = incident({ severity: 'P0' });
    await publish(h, created(i));
    const seen: IncidentEvent[] = [];
    h.h.server.onEvent((e) => seen.push(e.event));
    const summary = await run(h, 'incidents:acknowledge', { id: i.id });
    expect(summary).toMatchObject({ acknowledgedBy: 'tester', incident: { state: 'Triaged' } });
    expect(summary.acknowledgedAt).not.toBeNull();
    await run(h, 'incidents:acknowledge', { id: i.id });
    expect(seen.map((e) => e.event_type)).toEqual(['incident_updated']);
    expect(seen[0]).toMatchObject({ previous_state: 'Detected', incident: { id: i.id, state: 'Triaged' } });
  });

  it('acknowledge and snooze go through the notification driver when it runs', async () => {
    const h = await harness({
      notifications: (s: Harness) => startNotifications({
        onEvent: (l) => s.server.onEvent(l), publish: (events) => s.server.publish(events),
        getIncident: (id) => s.server.incidents.get(id), sink: { show: async () => undefined },
      }),
    });
    const i = incident({ severity: 'P1' });
    await publish(h, created(i));
    const acked = await run(h, 'incidents:acknowledge', { id: i.id });
    expect(acked).toMatchObject({ acknowledgedBy: 'tester', incident: { state: 'Triaged' } });
    expect(h.notifications!.status().acknowledgements.map((a) => a.incidentId)).toEqual([i.id.toLowerCase()]);
    const snoozed = await run(h, 'incidents:snooze', { id: i.id, minutes: 30 });
    expect(Date.parse(snoozed.snoozedUntil ?? '') - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(h.notifications!.status().snoozes.incidents.map((s) => s.incidentId)).toEqual([i.id.toLowerCase()]);
  });

  it('resolve publishes incident_resolved with the note; Closed is a conflict; resolving twice changes nothing', async () => {
    const h = await harness();
    const i = incident();
    const closed = incident({ state: 'Closed' });
    await publish(h, created(i), created(closed));
    const resolved = await run(h, 'incidents:resolve', { id: i.id, note: 'restarted the pod' });
    expect(resolved.incident).toMatchObject({ state: 'Resolved', resolution: { resolved_by: 'tester', resolution_method: 'Manual', notes: 'restarted the pod' } });
    const { events } = await run(h, 'events:recent', {});
    expect(events.at(-1)?.event).toMatchObject({ event_type: 'incident_resolved', incident: { id: i.id, state: 'Resolved' } });
    await run(h, 'incidents:resolve', { id: i.id });
    expect((await run(h, 'events:recent', {})).events).toHaveLength(events.length);
    await expect(run(h, 'incidents:resolve', { id: closed.id })).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('recent events', () => {
  it('returns the newest, then only those after a known id, and everything with gap for an unknown one', async () => {
    const h = await harness();
    for (let n = 0; n < 5; n++) await publish(h, { event_type: 'system_event', category: 't', message: String(n), metadata: {} });
    const message = (e: { event: IncidentEvent }) => (e.event.event_type === 'system_event' ? e.event.message : '');
    const all = await run(h, 'events:recent', { limit: 3 });
    expect(all.events.map(message)).toEqual(['2', '3', '4']);
    expect(all.gap).toBe(false);
    const after = await run(h, 'events:recent', { afterMessageId: all.events[0]?.messageId });
    expect(after.events.map(message)).toEqual(['3', '4']);
    const unknown = await run(h, 'events:recent', { afterMessageId: 'other-epoch-7' });
    expect(unknown).toMatchObject({ gap: true });
    expect(unknown.events).toHaveLength(5);
  });
});

describe('settings', () => {
  it('persist across restarts and drive the notification policy, the notifying subscriptions becoming its rules', async () => {
    const dir = tempDir(cleanups);
    const notify = (s: Harness) => startNotifications({ onEvent: (l) => s.server.onEvent(l), sink: { show: async () => undefined } });
    const h = await harness({ dataDir: dir, notifications: notify });
    const initial = await run(h, 'settings:get');
    const next = {
      theme: 'dark',
      notifications: { ...initial.notifications, quietHours: { enabled: true, start: '23:00', end: '06:30' }, stormThreshold: 5, p0Breakthrough: false, renotifyIntervalMinutes: 0 },
    };
    expect(await run(h, 'settings:update', next)).toEqual(next);
    await run(h, 'subscriptions:create', { name: 'db pages', filters: { sources: ['db'] }, notify: true });
    const applied = h.notifications!.settings.get();
    expect(applied).toMatchObject({
      quiet_hours: { enabled: true, start: '23:00', end: '06:30' }, storm_threshold: 5, storm_window_secs: 60,
      p0_breaks_snooze: false, p0_breaks_quiet_hours: false, renotify_p0_mins: 0, rules: [expect.objectContaining({ sources: ['db'] })],
    });
    await h.stop();
    cleanups.pop();
    const again = await harness({ dataDir: dir, notifications: notify });
    expect(await run(again, 'settings:get')).toEqual(next);
    expect(again.notifications!.settings.get()).toMatchObject({ storm_threshold: 5, rules: [expect.objectContaining({ sources: ['db'] })] });
  });

  it('refuse values outside the schema with its message and keep the old ones', async () => {
    const h = await harness();
    const before = await run(h, 'settings:get');
    await expect(run(h, 'settings:update', { ...before, notifications: { ...before.notifications, stormThreshold: 1 } }))
      .rejects.toMatchObject({ code: 'invalid_message', message: 'notifications.stormThreshold: at least 2' });
    expect(await run(h, 'settings:get')).toEqual(before);
  });

  it('report the test notification as delivered, failed with the reason, or off', async () => {
    const ok = await harness({ testNotification: async () => undefined });
    expect(await run(ok, 'notifications:test')).toMatchObject({ delivered: true });
    const failing = await harness({ testNotification: async () => { throw new Error('no notification daemon'); } });
    expect(await run(failing, 'notifications:test')).toEqual({ delivered: false, detail: 'no notification daemon' });
    const off = await harness();
    expect(await run(off, 'notifications:test')).toMatchObject({ delivered: false, detail: expect.stringContaining('--notify') });
  });
});

describe('upstreams', () => {
  it('are added, connect and relay, are disabled, edited and removed; saved ones start again after a restart', async () => {
    const remote = await startServer();
    cleanups.push(() => remote.stop());
    const dir = tempDir(cleanups);
    const h = await harness({ dataDir: dir });
    const upstreamPushes: { eventsReceived: number }[][] = [];
    cleanups.push(h.service.subscribe((event, payload) => {
      if (event === 'push:upstreams') upstreamPushes.push((payload as { upstreams: { eventsReceived: number }[] }).upstreams);
    }));
    const added = await run(h, 'upstreams:add', { name: 'remote', url: remote.wsUrl, filters: { severities: ['P0'] } });
    expect(added).toMatchObject({ id: 'remote', name: 'remote', enabled: true, hasToken: false, filters: { severities: ['P0'] } });
    await waitFor(async () => (await run(h, 'upstreams:list')).upstreams[0]?.state === 'connected', 'the upstream to connect');
    const i = incident({ severity: 'P0' });
    await remote.publish({ events: [created(i)] });
    await waitFor(async () => (await run(h, 'incidents:list', {})).incidents.length === 1, 'the relayed incident');
    const { events } = await run(h, 'events:recent', {});
    expect(events[0]).toMatchObject({ upstream: 'remote', event: { incident: { id: i.id } } });
    await waitFor(() => upstreamPushes.some((list) => list[0]?.eventsReceived === 1), 'a push with the relayed count', 5000);

    const disabled = await run(h, 'upstreams:update', { id: 'remote', enabled: false, token: 'secret-token' });
    expect(disabled).toMatchObject({ state: 'disabled', enabled: false, hasToken: true });
    await run(h, 'upstreams:update', { id: 'remote', enabled: true });
    expect(readFileSync(join(dir, 'ui-upstreams.json'), 'utf8')).not.toContain('secret-token');
    expect(readFileSync(join(dir, 'ui-secrets.json'), 'utf8')).toContain('secret-token');
    await h.stop();
    cleanups.pop();

    const again = await harness({ dataDir: dir });
    expect((await run(again, 'upstreams:list')).upstreams).toEqual([expect.objectContaining({ id: 'remote', enabled: true, hasToken: true })]);
    await run(again, 'upstreams:remove', { id: 'remote' });
    expect((await run(again, 'upstreams:list')).upstreams).toEqual([]);
    expect(again.relay.list()).toEqual([]);
  });

  it('refuse a name the relay cannot use, a duplicate name, and edits of configured upstreams', async () => {
    const h = await harness();
    await expect(run(h, 'upstreams:add', { name: 'has space', url: 'ws://127.0.0.1:1/ws' }))
      .rejects.toMatchObject({ code: 'invalid_message', message: 'name: letters, digits and . _ : @ / - only' });
    await run(h, 'upstreams:add', { name: 'one', url: 'ws://127.0.0.1:1/ws', enabled: false });
    await expect(run(h, 'upstreams:add', { name: 'one', url: 'ws://127.0.0.1:2/ws' })).rejects.toMatchObject({ code: 'conflict' });
    h.relay.addUpstream({ name: 'configured', url: 'ws://127.0.0.1:1/ws' });
    await expect(run(h, 'upstreams:remove', { id: 'configured' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(run(h, 'upstreams:remove', { id: 'unknown' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('server and publish token', () => {
  it('status names the address and stats count events, minutes and active incidents', async () => {
    const h = await harness();
    expect(await run(h, 'server:status')).toMatchObject({ address: h.h.url, version: expect.any(String), authRequired: false });
    await publish(h, created(incident()), created(incident({ state: 'Resolved' })));
    const stats = await run(h, 'server:stats');
    expect(stats).toMatchObject({ eventsPublished: 2, activeIncidents: 1, connectedClients: 0 });
    expect(stats.eventsPerMinute).toHaveLength(60);
    expect(stats.eventsPerMinute.at(-1)).toBe(2);
  });

  it('rotation replaces the token in the file and in the running server at once', async () => {
    const h = await harness();
    expect(await run(h, 'token:reveal')).toEqual({ token: TEST_TOKEN });
    const { token } = await run(h, 'token:rotate');
    expect(token).not.toBe(TEST_TOKEN);
    expect(readFileSync(join(h.dataDir, 'publish-token'), 'utf8').trim()).toBe(token);
    const body = { events: [created(incident())] };
    expect((await h.h.publish(body, TEST_TOKEN)).status).toBe(401);
    expect((await h.h.publish(body, token)).status).toBe(202);
    expect(await run(h, 'token:reveal')).toEqual({ token });
  });

  it('refuses to rotate a token that comes from the configuration', async () => {
    const h = await harness({ tokenFromConfig: true });
    await expect(run(h, 'token:rotate')).rejects.toMatchObject({ code: 'conflict' });
    expect((await h.h.publish({ events: [created(incident())] }, TEST_TOKEN)).status).toBe(202);
  });
});

describe('pushes', () => {
  it('batch new events and changed incidents, and send subscription counts and stats periodically', async () => {
    const h = await harness();
    await run(h, 'subscriptions:create', { name: 'all', filters: {}, notify: false });
    const got: { event: PushName; payload: unknown }[] = [];
    const payloads = <E extends PushName>(event: E) => got.filter((g) => g.event === event).map((g) => g.payload as PushOf<E>);
    cleanups.push(h.service.subscribe((event, payload) => got.push({ event, payload })));
    const i = incident();
    await publish(h, created(i), { event_type: 'escalated', incident_id: i.id, from_severity: 'P2', to_severity: 'P0', reason: 'spreading' });
    await waitFor(() => got.some((g) => g.event === 'push:incidents'), 'an incidents push');
    const events = payloads('push:events').flatMap((p) => p.events);
    expect(events.map((e: { event: IncidentEvent }) => e.event.event_type)).toEqual(['incident_created', 'escalated']);
    const incidents = payloads('push:incidents').flatMap((p) => p.incidents);
    expect(incidents).toEqual([expect.objectContaining({ incident: expect.objectContaining({ id: i.id, severity: 'P0' }), eventCount: 2 })]);
    await waitFor(() => payloads('push:subscriptions').some((p) => p.subscriptions[0]?.matchedCount === 2), 'a counts push');
    await waitFor(() => got.some((g) => g.event === 'push:stats'), 'a stats push', 5000);
    for (const g of got) expect(BRIDGE_PUSHES[g.event].safeParse(g.payload).success).toBe(true);
  });
});

describe('after a restart on a durable journal', () => {
  it('rebuilds incident timelines from the journal and keeps acknowledgements', async () => {
    const dir = tempDir(cleanups);
    const durable = () => {
      const journal = new SqliteJournal(join(dir, 'journal.sqlite3'));
      const incidents = new SqliteIncidentStore(journal.db);
      journal.addAppendHook(() => incidents.flush());
      return { journal, incidents };
    };
    const first = await harness({ dataDir: dir, serverOptions: durable() });
    const i = incident({ severity: 'P1' });
    await publish(first, created(i), { event_type: 'comment_added', incident_id: i.id, author: 'me', comment: 'on it', timestamp: new Date().toISOString() });
    await run(first, 'incidents:acknowledge', { id: i.id });
    await first.stop();
    cleanups.pop();

    const second = await harness({ dataDir: dir, serverOptions: durable() });
    const detail = await run(second, 'incidents:get', { id: i.id });
    expect(detail.timeline.map((e: { event: IncidentEvent }) => e.event.event_type)).toEqual(['incident_created', 'comment_added', 'incident_updated']);
    expect(detail.summary).toMatchObject({ eventCount: 3, acknowledgedBy: 'tester', incident: { state: 'Triaged' } });
  });
});
