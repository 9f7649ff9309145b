// The driver: server events in, sink out, timers for reminders and summaries, acknowledgements published.
import { afterEach, describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import { startNotifications, type Notifications, type StartNotificationsOptions } from '../../src-main/notify/index.js';
import { IncidentMap, created, entry, incident } from './support/fixtures.js';
import { EventFeed, RecordingSink, waitFor } from './support/recording.js';

let running: Notifications | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

function start(over: Partial<StartNotificationsOptions> = {}): { feed: EventFeed; sink: RecordingSink; store: IncidentMap; published: IncidentEvent[]; errors: string[] } {
  const feed = new EventFeed();
  const sink = new RecordingSink();
  const store = new IncidentMap();
  const published: IncidentEvent[] = [];
  const errors: string[] = [];
  running = startNotifications({
    onEvent: feed.onEvent, getIncident: store.get, sink,
    publish: async (events) => {
      published.push(...events);
      return { messageIds: events.map((_, k) => `epoch1-${900 + k}`) };
    },
    onError: (err, context) => errors.push(`${context}: ${err instanceof Error ? err.message : String(err)}`),
    ...over,
  });
  return { feed, sink, store, published, errors };
}

describe('startNotifications', () => {
  it('shows a P0 and not a P3 published to the server', async () => {
    const { feed, sink } = start();
    feed.emit(entry(created(incident({ severity: 'P3', title: 'Minor' }))));
    feed.emit(entry(created(incident({ severity: 'P0', title: 'Major' }))));
    await running?.idle();
    expect(sink.shown.map((n) => [n.title, n.urgency])).toEqual([['P0 · api-gateway: Major', 'critical']]);
    expect(sink.shown[0]).not.toHaveProperty('kind');
  });

  it('re-notifies an unacknowledged P0 from its own timer, and stops after acknowledge publishes Triaged', async () => {
    const { feed, sink, store, published } = start({ settings: { renotify_p0_mins: 0.001 } });
    const i = store.put(incident({ severity: 'P0', title: 'DB down' }));
    feed.emit(entry(created(i)));
    await waitFor('a reminder', () => sink.shown.some((n) => n.title.endsWith('still unacknowledged')));
    const r = await running?.acknowledge(i.id, 'alice');
    expect(r?.publishedMessageId).toBe('epoch1-900');
    expect(r?.acknowledgement.by).toBe('alice');
    expect(published).toEqual([expect.objectContaining({ event_type: 'incident_updated', previous_state: 'Detected', incident: expect.objectContaining({ id: i.id, state: 'Triaged' }) })]);
    expect(running?.status().reminders).toEqual([]);
  });

  it('acknowledges through the owner first: a refusal leaves the P0 reminders running, an acceptance stops them', async () => {
    let refuse = true;
    const asked: string[] = [];
    const { feed, sink, store, published } = start({
      settings: { renotify_p0_mins: 0.001 },
      acknowledgeIncident: async (id, actor) => {
        asked.push(`${id} ${actor}`);
        if (refuse) throw new Error('central refused: 403');
        return {};
      },
    });
    const i = store.put(incident({ severity: 'P0', title: 'DB down' }));
    feed.emit(entry(created(i)));
    await waitFor('a reminder', () => sink.shown.some((n) => n.title.endsWith('still unacknowledged')));
    await expect(running!.acknowledge(i.id, 'alice')).rejects.toThrow('central refused: 403');
    expect(running?.status().reminders).toHaveLength(1);
    refuse = false;
    expect((await running!.acknowledge(i.id, 'alice')).acknowledgement.by).toBe('alice');
    expect(running?.status().reminders).toEqual([]);
    expect(asked).toEqual([`${i.id.toLowerCase()} alice`, `${i.id.toLowerCase()} alice`]);
    expect(published).toEqual([]); // the owner published; the driver did not publish a second event
  });

  it('flushes a storm summary from its own timer', async () => {
    const { feed, sink } = start({ settings: { storm_window_secs: 0.05 } });
    for (let k = 0; k < 6; k++) feed.emit(entry(created(incident({ severity: 'P1', affected_resources: [`svc-${k}`] }))));
    await waitFor('the summary', () => sink.shown.length === 4);
    expect(sink.shown[3]?.title).toBe('3 new P1 incidents — svc-5, svc-4, +1');
  });

  it('keeps the acknowledgement of an incident relayed from elsewhere local', async () => {
    const { store, published } = start({ isLocalIncident: () => false });
    const i = store.put(incident({ severity: 'P0' }));
    const r = await running?.acknowledge(i.id, 'dave');
    expect(r).toEqual({ acknowledgement: expect.objectContaining({ incidentId: i.id, by: 'dave' }) });
    expect(published).toEqual([]);
  });

  it('accepts the journal entries CoreServer.publish returns as the publish result', async () => {
    const { store } = start({ publish: async (events) => events.map((_, k) => ({ messageId: `epoch7-${k + 1}` })) });
    const i = store.put(incident({ severity: 'P0' }));
    expect((await running?.acknowledge(i.id, 'carol'))?.publishedMessageId).toBe('epoch7-1');
  });

  it('reports a failed delivery and keeps delivering', async () => {
    const { feed, sink, errors } = start();
    sink.failNext = 1;
    feed.emit(entry(created(incident({ severity: 'P0', title: 'First' }))));
    feed.emit(entry(created(incident({ severity: 'P0', title: 'Second' }))));
    await running?.idle();
    expect(errors).toEqual(['showing "P0 · api-gateway: First": daemon not running']);
    expect(sink.shown.map((n) => n.title)).toEqual(['P0 · api-gateway: Second']);
  });

  it('acknowledges and snoozes from notification buttons', async () => {
    const { feed, sink, store, published } = start({ localUser: 'oncall-bob' });
    const a = store.put(incident({ severity: 'P0' }));
    const b = store.put(incident({ severity: 'P1' }));
    feed.emit(entry(created(a)));
    sink.click({ action: 'acknowledge', incidentId: a.id });
    await waitFor('the acknowledgement', () => published.length === 1);
    expect(running?.status().acknowledgements[0]).toMatchObject({ incidentId: a.id, by: 'oncall-bob' });
    sink.click({ action: 'snooze_1h', incidentId: b.id });
    expect(running?.status().snoozes.incidents.map((s) => s.incidentId)).toEqual([b.id]);
  });

  it('never throws into the server, and applies new settings', async () => {
    const { feed, sink, errors } = start({ getIncident: () => { throw new Error('store closed'); } });
    expect(() => feed.emit(entry({ event_type: 'escalated', incident_id: incident().id, from_severity: 'P2', to_severity: 'P0', reason: 'x' }))).not.toThrow();
    expect(errors[0]).toMatch(/deciding about message .*store closed/);
    expect(() => running?.settings.set({ storm_threshold: -1 })).toThrow(/storm_threshold/);
    running?.settings.set({ rules: [{ severities: ['P3'] }] });
    expect(running?.settings.get().rules).toEqual([{ severities: ['P3'] }]);
    feed.emit(entry(created(incident({ severity: 'P3' }))));
    await running?.idle();
    expect(sink.shown).toHaveLength(1);
  });

  it('stop unsubscribes from the server and the sink', async () => {
    const { feed, sink } = start();
    await running?.stop();
    expect(feed.listenerCount).toBe(0);
    expect(sink.activationListenerCount).toBe(0);
    feed.emit(entry(created(incident({ severity: 'P0' }))));
    expect(sink.shown).toEqual([]);
  });
});
