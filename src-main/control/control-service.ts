// createControlService: the UI's service over the relay server, relay and notifier: state, pushes, and the bridge
// handlers of each domain (handlers/: subscriptions, incidents, upstreams, server).
import type { BridgeHandlers, FeedEvent, ServerStats } from '../../src-shared/bridge/index.js';
import { escalationStatus, type Notifications, type WhyRecord } from '../notify/index.js';
import { EscalationSettingsKeeper, type EscalationPort } from './escalation-settings-keeper.js';
import { escalationHandlers } from './handlers/escalation-handlers.js';
import type { UpstreamRelays } from '../relay/index.js';
import type { InProcessListener, Logger, CoreServer } from '../server/index.js';
import { refusedOnceClosed } from './closed-handlers.js';
import { entriesUpTo, toFeedEvent } from './feed-events.js';
import { incidentHandlers } from './handlers/incident-handlers.js';
import { serverHandlers } from './handlers/server-handlers.js';
import { subscriptionHandlers } from './handlers/subscription-handlers.js';
import { upstreamHandlers } from './handlers/upstream-handlers.js';
import { whyHandler } from './handlers/why-handler.js';
import { incidentActions } from './incident-actions.js';
import type { IncidentResponder } from '../ingest/index.js';
import { IncidentTracker, TRACKED_INCIDENTS_MAX } from './incident-tracker.js';
import type { ProblemReporter } from './json-file.js';
import type { PublishTokenPort } from './publish-token-keeper.js';
import { PushHub, type PushListener } from './push-hub.js';
import { fileSecretVault, type SecretVault } from './secret-vault.js';
import { EventRate, serverStats } from './server-info.js';
import { SettingsKeeper } from './settings-keeper.js';
import { SubscriptionRegistry } from './subscription-registry.js';
import { backfillPushes } from './backfill-pushes.js';
import { UpstreamManager } from './upstream-manager.js';

export interface ControlServiceDeps {
  server: CoreServer;
  /** Where the UI's subscriptions, settings, upstreams and on-call state are kept. */
  dataDir: string;
  publishToken: PublishTokenPort;
  /** A read-only (`subscribe`) token shown with the publish token (the desktop's, for local tools). */
  readToken?: string;
  /** Where upstream tokens are kept (default: `fileSecretVault(dataDir)`, a 0600 file); the desktop passes safeStorage. */
  secrets?: SecretVault;
  relay?: UpstreamRelays;
  /** The notification driver, when notifications run (`serve --notify`, the desktop app). */
  notifications?: Notifications;
  /** The running escalator and the config file's escalation: the settings form edits them (secrets in `secrets`). */
  escalation?: EscalationPort;
  /** The escalation steps of an incident (phones, webhooks), shown with the notification decisions in the detail pane. */
  escalationWhy?: (id: string) => WhyRecord[];
  /** Escalation's state for the status bar (undefined while off): degraded, with the failing targets, while one's last try failed. */
  escalationStatus?: () => ServerStats['escalation'];
  /** Shows a sample notification; rejects with why it could not. Absent when notifications are off. */
  testNotification?: () => Promise<void>;
  /** Name recorded for acknowledgements and resolutions; default the OS user name. */
  localUser?: string;
  /** Acting on incidents (acknowledge, resolve) with write-back to their owner; without it, local publishes. */
  responder?: IncidentResponder;
  logger?: Logger;
  now?: () => number;
  /** Journal entries read at start to rebuild incident timelines (default 20,000). */
  backfillEvents?: number;
}

export interface ControlService {
  /** One handler per bridge channel, for `runBridgeCall` (HTTP) or the IPC transport. */
  readonly handlers: BridgeHandlers;
  /** Delivers every push (`push:events`, `push:incidents`, ...); returns the function that stops it. */
  subscribe(listener: PushListener): () => void;
  /**
   * Stops listening to the server and relay, writes pending state and takes the UI's upstreams out of the relay,
   * so that another service may take them over (the desktop replaces the core's). Calls after the first do nothing.
   */
  close(): Promise<void>;
}

const TICK_MS = 1000;
const STATS_EVERY_TICKS = 2;
const SAVE_EVERY_TICKS = 5;

export function createControlService(deps: ControlServiceDeps): ControlService {
  const { server } = deps;
  const now = deps.now ?? Date.now;
  const logger = deps.logger ?? server.logger;
  const notifier = deps.notifications;
  const notifyChannel = notifier ? () => notifier.channel() : undefined;
  const report: ProblemReporter = (message, fields) => logger.warn(message, fields);
  const startedAt = now();
  // UI subscriptions are filters in the server's routing index: one pass matches them with the sessions' subscriptions.
  const uiMatches = server.subscribeInProcess((entry, ids) => onPublished(entry, ids));
  const subscriptions = new SubscriptionRegistry(deps.dataDir, report, uiMatches, now);
  // Timelines are rebuilt from the journal's entries up to now when first needed, not during start-up; later ones arrive live.
  const backfillUpTo = server.journal.lastSeq();
  const backfill = () => entriesUpTo(server.journal, backfillUpTo, deps.backfillEvents ?? 20_000).flatMap((entry): Array<[string, FeedEvent]> => (
    entry.incidentId ? [[entry.incidentId, toFeedEvent(entry, subscriptions.matchIds(entry.eventType, entry.subject))]] : []));
  const tracker = new IncidentTracker(deps.dataDir, report, now, Math.min(TRACKED_INCIDENTS_MAX, server.config.incident_memory_max), backfill);
  const settings = new SettingsKeeper(deps.dataDir, report, deps.notifications, subscriptions.notifyingFilters(), now);
  const vault = deps.secrets ?? fileSecretVault(deps.dataDir, report);
  const upstreams = new UpstreamManager(deps.relay, deps.dataDir, report, logger, vault);
  const escalationSettings = deps.escalation ? new EscalationSettingsKeeper(deps.dataDir, report, vault, deps.escalation) : undefined;
  const escalator = deps.escalation?.escalator;
  const escalationWhy = deps.escalationWhy ?? (escalator ? (id: string) => escalator.why(id) : undefined);
  const escalationState = deps.escalationStatus ?? (escalator ? () => (escalator.enabled() ? escalationStatus(escalator.health()) : undefined) : undefined);
  const rate = new EventRate(now);
  const summaryOf = (id: string) => {
    const incident = server.incidents.get(id);
    return incident ? tracker.summary(incident) : undefined;
  };
  const pushes = new PushHub({ summaryOf, onListenerError: (err) => logger.warn('push listener failed', { error: String(err) }) });
  const actions = incidentActions({
    server, tracker, notifications: deps.notifications, responder: deps.responder, who: deps.localUser, now, changed: (id) => pushes.incident(id),
  });

  let countsMoved = false;
  const onPublished: InProcessListener = (entry, ids) => {
    rate.record();
    subscriptions.countMatches(ids);
    if (ids.length > 0) countsMoved = true;
    const fe = toFeedEvent(entry, ids);
    if (entry.incidentId) {
      tracker.observe(entry.incidentId, fe);
      pushes.incident(entry.incidentId);
    }
    pushes.event(fe);
  };
  const pushUpstreams = (snap = upstreams.snapshotIfChanged() ?? upstreams.snapshot()) => pushes.send('push:upstreams', snap);
  // A first-connect backfill writes incidents into the store without events: push them so an open board shows them.
  const pushBackfilledIncidents = deps.relay ? backfillPushes(deps.relay, server.incidents, (id) => pushes.incident(id)) : () => undefined;
  const stopRelay = deps.relay?.onChange(() => {
    pushUpstreams();
    pushBackfilledIncidents();
  });
  const pushSubscriptions = () => pushes.send('push:subscriptions', { subscriptions: subscriptions.list() });
  const subscriptionsChanged = () => {
    settings.setRules(subscriptions.notifyingFilters());
    pushSubscriptions();
  };

  let ticks = 0;
  const timer = setInterval(() => {
    ticks += 1;
    if (ticks === 1) tracker.ready(); // the timelines, once the server is up, if nothing needed them yet
    if (countsMoved && pushes.listenerCount > 0) pushSubscriptions();
    countsMoved = false;
    if (ticks % STATS_EVERY_TICKS === 0 && pushes.listenerCount > 0) {
      pushes.send('push:stats', serverStats(server, rate, notifyChannel, escalationState));
      const moved = upstreams.snapshotIfChanged(); // relayed counts move without a state change
      if (moved) pushUpstreams(moved);
    }
    if (ticks % SAVE_EVERY_TICKS === 0) save();
  }, TICK_MS);
  timer.unref();
  function save(): void {
    try {
      subscriptions.flushCounts();
      tracker.flush();
    } catch (err) {
      logger.warn('saving UI state failed', { error: (err as Error).message });
    }
  }

  const handlers: BridgeHandlers = {
    ...subscriptionHandlers(subscriptions, subscriptionsChanged),
    ...incidentHandlers({ server, tracker, actions, subscriptions, summaryOf }),
    ...upstreamHandlers(upstreams, () => pushUpstreams()),
    ...whyHandler(notifier ? (id) => notifier.why(id) : undefined, escalationWhy),
    ...escalationHandlers(escalationSettings),
    ...serverHandlers({
      server, startedAt, rate, publishToken: deps.publishToken, readToken: deps.readToken, settings, testNotification: deps.testNotification,
      ...(notifyChannel ? { notifyChannel } : {}),
      ...(escalationState ? { escalationStatus: escalationState } : {}),
      settingsChanged: (saved) => pushes.send('push:settings', saved),
    }),
  };

  let closing: Promise<void> | undefined;
  return {
    handlers: refusedOnceClosed(handlers, () => closing !== undefined),
    subscribe: (listener) => pushes.subscribe(listener),
    close() {
      closing ??= (async () => {
        clearInterval(timer);
        uiMatches.close();
        stopRelay?.();
        pushes.close();
        save();
        escalationSettings?.close();
        await upstreams.release();
      })();
      return closing;
    },
  };
}
