// All stores of one window, built per bridge (and per test), and the sync that keeps them fed from the bridge.
import type { Bridge, FeedEvent, IncidentSummary } from '../../src-shared/bridge/index.js';
import { createCoalescer, nextTick, type Scheduler } from '../lib/coalesce.js';
import { errorText } from './errors.js';
import { createFeedStore, FEED_CAPACITY, type FeedStore } from './feed-store.js';
import { createIncidentsStore, type IncidentsStore } from './incidents-store.js';
import { followOpenIncidentPushes } from './open-incident.js';
import { createSelectionStore, type SelectionStore } from './selection-store.js';
import { createServerStore, type ServerStore } from './server-store.js';
import { createSettingsStore, type SettingsStore } from './settings-store.js';
import { createSubscriptionsStore, type SubscriptionsStore } from './subscriptions-store.js';
import { createUiStore, type UiStore } from './ui-store.js';
import { createUpstreamsStore, type UpstreamsStore } from './upstreams-store.js';

export interface AppStores {
  incidents: IncidentsStore;
  /** The board's checked incidents and bulk actions. */
  selection: SelectionStore;
  feed: FeedStore;
  subscriptions: SubscriptionsStore;
  server: ServerStore;
  upstreams: UpstreamsStore;
  settings: SettingsStore;
  ui: UiStore;
}

export function createAppStores(bridge: Bridge, feedCapacity = FEED_CAPACITY): AppStores {
  const incidents = createIncidentsStore(bridge);
  return {
    incidents,
    selection: createSelectionStore(bridge, incidents),
    feed: createFeedStore(feedCapacity),
    subscriptions: createSubscriptionsStore(bridge),
    server: createServerStore(bridge),
    upstreams: createUpstreamsStore(bridge),
    settings: createSettingsStore(bridge),
    ui: createUiStore(bridge.connection()),
  };
}

export interface SyncOptions {
  /** How pushed bursts are coalesced (default: one store update per 16 ms tick). */
  schedule?: Scheduler;
}

/** Everything a window shows, reloaded on start and after every reconnection; missed events fetched since the last one seen. */
export async function resyncAll(bridge: Bridge, stores: AppStores): Promise<void> {
  const feed = stores.feed.getState();
  const catchUp = bridge.events.recent({ afterMessageId: feed.lastMessageId, limit: FEED_CAPACITY }).then(
    ({ events }) => {
      stores.feed.getState().append(events);
      stores.feed.getState().setLoadError(null);
    },
    (err: unknown) => stores.feed.getState().setLoadError(errorText(err)),
  );
  await Promise.all([
    stores.incidents.getState().load(), stores.subscriptions.getState().load(), stores.upstreams.getState().load(),
    stores.settings.getState().load(), stores.server.getState().load(), catchUp,
  ]);
  const detail = stores.incidents.getState().detail;
  if (detail) await stores.incidents.getState().open(detail.id);
}

/** Wires pushes and connection changes into the stores; returns the function that unwires them. */
export function startSync(bridge: Bridge, stores: AppStores, options: SyncOptions = {}): () => void {
  const schedule = options.schedule ?? nextTick;
  const events = createCoalescer<FeedEvent>((batch) => {
    stores.feed.getState().append(batch);
    stores.incidents.getState().appendTimeline(batch);
  }, schedule);
  const incidents = createCoalescer<IncidentSummary>((batch) => stores.incidents.getState().upsert(batch), schedule);
  const offs = [
    bridge.on('push:events', (p) => events.push(p.events)),
    bridge.on('push:incidents', (p) => incidents.push(p.incidents)),
    bridge.on('push:subscriptions', (p) => stores.subscriptions.getState().replace(p.subscriptions)),
    bridge.on('push:upstreams', (p) => stores.upstreams.getState().replace(p.upstreams, p.revision)),
    bridge.on('push:stats', (p) => stores.server.getState().setStats(p)),
    bridge.on('push:settings', (p) => stores.settings.getState().replace(p)),
    followOpenIncidentPushes(bridge, stores),
    bridge.onConnection((status) => {
      const was = stores.ui.getState().connection.state;
      stores.ui.getState().setConnection(status);
      if (status.state === 'connected' && was !== 'connected') void resyncAll(bridge, stores);
    }),
  ];
  stores.ui.getState().setConnection(bridge.connection());
  if (bridge.connection().state === 'connected') void resyncAll(bridge, stores);
  return () => {
    for (const off of offs) off();
  };
}
