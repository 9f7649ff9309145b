// Stores built per test over a FakeBridge: feed window and filters, board order and selection, sync and catch-up on reconnect.
import { describe, expect, it, vi } from 'vitest';
import { immediately } from '../../src-renderer/lib/coalesce.js';
import { createAppStores, startSync } from '../../src-renderer/stores/app-stores.js';
import { createFeedStore, visibleFeed } from '../../src-renderer/stores/feed-store.js';
import { FakeBridge } from './support/fake-bridge.js';
import { at, commentEvent, createdEvent, makeFeedEvent, makeIncident, makeSummary, uuid } from './support/factories.js';

describe('feed store', () => {
  it('keeps each message once, and only the newest events beyond its capacity', () => {
    const feed = createFeedStore(3);
    const events = [1, 2, 3, 4].map((n) => makeFeedEvent(createdEvent(makeIncident(n))));
    feed.getState().append(events.slice(0, 2));
    feed.getState().append(events.slice(1));
    expect(feed.getState().entries.map((e) => e.incidentId)).toEqual([uuid(2), uuid(3), uuid(4)]);
    expect(feed.getState().lastMessageId).toBe(events[3]!.messageId);
    feed.getState().append([events[0]!]);
    expect(feed.getState().entries).toHaveLength(3);
  });

  it('shows newest first, filtered by severity, kind and text, and freezes the view while paused', () => {
    const feed = createFeedStore();
    feed.getState().append([
      makeFeedEvent(createdEvent(makeIncident(1, { severity: 'P0', title: 'Database down' }))),
      makeFeedEvent(createdEvent(makeIncident(2, { severity: 'P3', title: 'Slow page' }))),
      makeFeedEvent(commentEvent(uuid(1), 'failover started')),
    ]);
    const view = () => visibleFeed(feed.getState().entries, feed.getState()).map((e) => e.summary);
    expect(view()).toEqual(['alice: failover started', 'Created: Slow page', 'Created: Database down']);
    feed.getState().toggleSeverity('P0');
    expect(view()).toEqual(['Created: Database down']);
    feed.getState().clearFilters();
    feed.getState().toggleKind('comment');
    expect(view()).toEqual(['alice: failover started']);
    feed.getState().clearFilters();
    feed.getState().setQuery('SLOW');
    expect(view()).toEqual(['Created: Slow page']);
    feed.getState().clearFilters();
    feed.getState().pause();
    feed.getState().append([makeFeedEvent(commentEvent(uuid(2), 'later'))]);
    expect(view()).toHaveLength(3);
    feed.getState().resume();
    expect(view()[0]).toBe('alice: later');
  });
});

describe('incidents store', () => {
  it('moves the selection in board order and stops at both ends', async () => {
    const bridge = new FakeBridge();
    bridge.addIncident(makeSummary(makeIncident(1, { severity: 'P3' })));
    bridge.addIncident(makeSummary(makeIncident(2, { severity: 'P0', created_at: at(1) })));
    bridge.addIncident(makeSummary(makeIncident(3, { severity: 'P0', created_at: at(2) })));
    const { incidents } = createAppStores(bridge);
    await incidents.getState().load();
    const steps = ['+', '+', '+', '+', '-'].map((d) => {
      incidents.getState().moveSelection(d === '+' ? 1 : -1);
      return incidents.getState().selectedId;
    });
    expect(steps).toEqual([uuid(2), uuid(3), uuid(1), uuid(1), uuid(3)]);
  });

  it('appends pushed events about the open incident to its timeline', async () => {
    const bridge = new FakeBridge();
    const stores = createAppStores(bridge);
    const stop = startSync(bridge, stores, { schedule: immediately });
    bridge.addIncident(makeSummary(makeIncident(1)));
    await stores.incidents.getState().open(uuid(1));
    bridge.emit('push:events', { events: [makeFeedEvent(commentEvent(uuid(1), 'mine')), makeFeedEvent(commentEvent(uuid(2), 'other'))] });
    expect(stores.incidents.getState().detail?.timeline.map((e) => e.event.event_type === 'comment_added' && e.event.comment)).toEqual(['mine']);
    stop();
  });
});

describe('sync', () => {
  it('loads everything when connected and, after a reconnection, fetches only the events after the last one seen', async () => {
    const bridge = new FakeBridge();
    const first = makeFeedEvent(createdEvent(makeIncident(1)));
    bridge.data.events = [first];
    const stores = createAppStores(bridge);
    const stop = startSync(bridge, stores, { schedule: immediately });
    await vi.waitFor(() => expect(stores.feed.getState().entries.map((e) => e.messageId)).toEqual([first.messageId]));
    expect(bridge.callsTo('events:recent')).toEqual([{ afterMessageId: null, limit: 20_000 }]);

    bridge.setConnection({ state: 'disconnected', attempt: 1 });
    const missed = makeFeedEvent(commentEvent(uuid(1), 'while away'));
    bridge.data.events.push(missed);
    bridge.addIncident(makeSummary(makeIncident(1, { title: 'Loaded after reconnect' })));
    bridge.setConnection({ state: 'connected' });
    await vi.waitFor(() => {
      expect(stores.feed.getState().entries.map((e) => e.messageId)).toEqual([first.messageId, missed.messageId]);
      expect(stores.incidents.getState().byId[uuid(1)]?.incident.title).toBe('Loaded after reconnect');
    });
    expect(bridge.callsTo('events:recent').at(-1)).toEqual({ afterMessageId: first.messageId, limit: 20_000 });
    stop();
  });
});
