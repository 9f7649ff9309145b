// The relay: one connection per upstream, re-published into a local server; upstreams added and removed at run time.
import type { Logger, CoreServer } from '../server/index.js';
import { IncidentBackfill } from './incident-backfill.js';
import { IncidentReconciler } from './incident-reconciler.js';
import type { IncidentFetchLimits } from './incident-fetch.js';
import { IncidentOwners, type UpstreamKind } from './incident-owners.js';
import { DEFAULT_MAX_HOPS, LoopGuard } from './loop-guard.js';
import { OriginIndex } from './origin-index.js';
import { relayMetrics } from './relay-metrics.js';
import { Republisher } from './republisher.js';
import { resolveTimings, type RelayTimings } from './timings.js';
import { parseUpstream, UpstreamConfigError, type RelayUpstreamInput, type UpstreamSettings } from './upstream-config.js';
import { UpstreamConnection } from './upstream-connection.js';
import { UpstreamSync } from './upstream-sync.js';
import { toHealth, type UpstreamHealth } from './upstream-health.js';
import type { UpstreamStatus } from './upstream-status.js';

export interface UpstreamRelaysOptions {
  /** Heartbeat, backoff and detection timings; the defaults are the production ones (1 s doubling to 30 s, ...). */
  timings?: Partial<RelayTimings>;
  /** Uniform random in [0, 1) for the backoff jitter; Math.random by default. */
  random?: () => number;
  /** Wall clock (ms since 1970); Date.now by default. */
  now?: () => number;
  /** Servers an event may have been journaled on before this one; more and it is dropped (loop backstop). Default 8. */
  maxHops?: number;
  /** How many recent origin ids are remembered to drop copies arriving by a second route. Default 50,000. */
  originCapacity?: number;
  /** Bounds of the first-connect incident backfill (page size, at most 2,000 incidents, timeouts). */
  backfillLimits?: IncidentFetchLimits;
}

export interface UpstreamRelays {
  /** Validates and starts one upstream; throws UpstreamConfigError on a bad or duplicate one. */
  addUpstream(input: RelayUpstreamInput): UpstreamStatus;
  /** Closes and forgets one upstream; false when there is none of that name. */
  removeUpstream(name: string): Promise<boolean>;
  /** Every upstream's status, in the order they were added. */
  list(): UpstreamStatus[];
  status(name: string): UpstreamStatus | undefined;
  stats(): { upstreams: UpstreamStatus[]; connected: number };
  /** For the server's `healthDetails` option: `{ upstreams: [...] }`, or nothing when no upstream is configured. */
  healthDetails(): { upstreams?: UpstreamHealth[] };
  /** Calls `listener` with an upstream's status whenever its state changes; returns the removal. */
  onChange(listener: (status: UpstreamStatus) => void): () => void;
  /** Closes every upstream connection (before the local server stops). */
  stop(): Promise<void>;
  /**
   * Where an action on an incident must go first (write-back): the upstream it was relayed from, with its settings
   * (URL, token, CA file) and kind; undefined for an incident this server owns or an upstream since removed.
   */
  ownerOf(incidentId: string): UpstreamTarget | undefined;
}

/** An upstream that owns an incident. `kind` is null until an event from it showed its message-id format. */
export interface UpstreamTarget {
  settings: UpstreamSettings;
  kind: UpstreamKind | null;
}

/** Follows the incident a relayed (raw, already validated) event is about. */
function holdIncidentOf(event: unknown, hold: (id: string) => void): void {
  if (typeof event !== 'object' || event === null) return;
  const e = event as { incident?: { id?: unknown }; incident_id?: unknown };
  const id = typeof e.incident?.id === 'string' ? e.incident.id : e.incident_id;
  if (typeof id === 'string') hold(id);
}

/** Starts relaying every configured upstream into `server` (validated all first: a bad one starts none). */
export function startUpstreamRelays(server: CoreServer, upstreams: readonly RelayUpstreamInput[] = [], logger: Logger = server.logger, opts: UpstreamRelaysOptions = {}): UpstreamRelays {
  const timings = resolveTimings(opts.timings);
  const random = opts.random ?? Math.random;
  const now = opts.now ?? Date.now;
  const metrics = relayMetrics(server.metrics.registry);
  const connections = new Map<string, UpstreamConnection>();
  const listeners = new Set<(status: UpstreamStatus) => void>();
  let stopped = false;

  const initial = upstreams.map(parseUpstream);
  const names = new Set<string>();
  for (const u of initial) {
    if (names.has(u.name)) throw new UpstreamConfigError(`two upstreams are named "${u.name}"; give each a distinct name`);
    names.add(u.name);
  }

  // Loop protection: this server's stream id is its journal epoch (kept across restarts, shared by a cluster's nodes).
  const origins = new OriginIndex(opts.originCapacity);
  const owners = new IncidentOwners();
  const settingsByName = new Map<string, UpstreamSettings>();
  const loops = new LoopGuard({ selfStream: server.journal.epoch, maxHops: opts.maxHops ?? DEFAULT_MAX_HOPS, origins });
  // Indexing costs a listener call per published event and a journal read at start: only while an upstream exists.
  let stopIndexing: (() => void) | undefined;
  const startIndexing = () => {
    if (stopIndexing) return;
    origins.seed(server.journal);
    owners.seed(server.journal);
    stopIndexing = server.onEvent((entry) => {
      origins.addEntry(entry);
      owners.addEntry(entry);
    });
  };
  const stopIndexingIfIdle = () => {
    if (connections.size > 0 || !stopIndexing) return;
    stopIndexing();
    stopIndexing = undefined;
  };
  const isOwnSession = (id: string) => server.hasSession(id);

  const notify = (conn: UpstreamConnection) => {
    if (listeners.size === 0) return;
    const status = conn.status();
    for (const l of listeners) {
      try {
        l(status);
      } catch (err) {
        logger.error('relay status listener failed', { upstream: status.name, error: (err as Error).message });
      }
    }
  };

  const add = (settings: UpstreamSettings): UpstreamStatus => {
    if (stopped) throw new UpstreamConfigError('the relay is stopped');
    if (connections.has(settings.name)) throw new UpstreamConfigError(`an upstream named "${settings.name}" already exists`);
    const republisher = new Republisher({
      upstream: settings.name, publish: (events, origins) => server.publish(events, origins),
      journal: server.journal, loops, origins, metrics, logger, now,
    });
    const reconciler = new IncidentReconciler({
      settings, store: server.incidents, publish: (events) => server.publish(events), logger, intervalMs: timings.reconcileIntervalMs, limits: opts.backfillLimits,
      now, onReconciled: () => metrics.reconciled.inc({ upstream: settings.name }),
    });
    void reconciler.seed(server.journal, settings.name).catch((err: unknown) => logger.warn('reading held incidents from the journal failed', { upstream: settings.name, error: (err as Error).message }));
    // Written straight into the store, without events: old incidents must not look new to notifications or downstream relays.
    const store = {
      get: (id: string) => server.incidents.get(id),
      put: (incident: Parameters<typeof server.incidents.put>[0]) => {
        owners.record(incident.id, settings.name);
        server.incidents.put(incident);
      },
    };
    const backfill = new IncidentBackfill({
      settings, store, logger, now, onChange: () => notify(conn), limits: opts.backfillLimits, onListed: (id) => reconciler.hold(id),
    });
    const sync = new UpstreamSync({
      upstream: settings.name, backfill, reconciler, publish: (events) => server.publish(events), logger,
      onGapMarked: () => metrics.gapMarks.inc({ upstream: settings.name }),
    });
    const conn: UpstreamConnection = new UpstreamConnection({
      settings, timings, republisher, backfill, sync, metrics, logger, random, now, onChange: () => notify(conn), isOwnSession,
      onRelayed: (event) => holdIncidentOf(event, (id) => reconciler.hold(id)),
    });
    startIndexing();
    connections.set(settings.name, conn);
    settingsByName.set(settings.name, settings);
    metrics.init(settings.name);
    logger.info('relaying upstream', { upstream: settings.name, url: conn.status().url, resume_after: republisher.resumePoint() ?? null });
    conn.start();
    return conn.status();
  };

  for (const u of initial) add(u);

  const list = () => [...connections.values()].map((c) => c.status());
  return {
    addUpstream: (input) => add(parseUpstream(input)),
    async removeUpstream(name) {
      const conn = connections.get(name);
      if (!conn) return false;
      connections.delete(name);
      settingsByName.delete(name);
      stopIndexingIfIdle();
      await conn.stop();
      metrics.forget(name);
      logger.info('upstream removed', { upstream: name });
      return true;
    },
    list,
    status: (name) => connections.get(name)?.status(),
    stats() {
      const all = list();
      return { upstreams: all, connected: all.filter((s) => s.state === 'connected' || s.state === 'lagging').length };
    },
    healthDetails: () => (connections.size === 0 ? {} : { upstreams: list().map(toHealth) }),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ownerOf(incidentId) {
      const name = owners.ownerOf(incidentId);
      const settings = name === undefined ? undefined : settingsByName.get(name);
      return settings ? { settings, kind: owners.kindOf(settings.name) ?? null } : undefined;
    },
    async stop() {
      stopped = true;
      stopIndexing?.();
      stopIndexing = undefined;
      await Promise.all([...connections.values()].map((c) => c.stop()));
    },
  };
}
