// Ingest in one call: the POST /v1/alerts converter, the Alertmanager webhook and the incidents REST API on a relay server.
import type { AlertConverter, IncidentStore, AppConfig } from '../server/index.js';
import { createAlertConverter } from './alert-converter.js';
import { alertmanagerRoute } from './alertmanager-route.js';
import { IncidentLedger } from './incident-ledger.js';
import { incidentActionRoutes } from './incident-actions.js';
import { incidentCreateRoute } from './incident-create-route.js';
import { AlertmanagerSilences } from './alertmanager-silences.js';
import { createIncidentResponder, type IncidentResponder } from './incident-responder.js';
import { incidentRoutes } from './incident-routes.js';
import { guardUpstreamOwned } from './upstream-owned-routes.js';
import type { IngestHost } from './ingest-host.js';
import { ingestSettingsFrom, type IngestSettings } from './ingest-settings.js';

export interface Ingest {
  /** Pass as `alertConverter` to createCoreServer. */
  readonly alertConverter: AlertConverter;
  readonly settings: IngestSettings;
  /**
   * Acting on incidents in-process (acknowledge, un-acknowledge, assign, comment, resolve): what the REST action routes
   * call, usable once attached. It is the write-back responder once `useResponder` installed one, else the local one.
   */
  readonly responder: IncidentResponder;
  /** The Alertmanager silences kept for acknowledgements (with `alertmanager_url`, once attached). */
  silences(): AlertmanagerSilences | undefined;
  /** Stops the silence-extension timer. */
  close(): void;
  /** Acts on this server's own copy only (what a write-back responder falls back to for incidents it owns). */
  readonly localResponder: IncidentResponder;
  /**
   * Routes every action through `responder` from now on (the write-back to upstreams); `ownerOf` names the upstream
   * owning an incident, whose PUT and resolve then go through `responder` too instead of changing the local copy.
   */
  useResponder(responder: IncidentResponder, ownerOf: (id: string) => string | undefined): void;
  /** Binds to the created server (its incident store and publish) and adds the ingest and incident routes. */
  attach(host: IngestHost): void;
}

/**
 * Usage: `const ingest = createIngest(config); const server = createCoreServer(config, { alertConverter:
 * ingest.alertConverter, ... }); ingest.attach(server);` The converter needs the server's incident
 * store, which exists only once the server does, hence the two steps.
 */
export function createIngest(config: AppConfig): Ingest {
  const settings = ingestSettingsFrom(config);
  let store: IncidentStore | null = null;
  const ledger = new IncidentLedger(() => {
    if (!store) throw new Error('ingest used before attach(server)');
    return store;
  });
  let attached: IncidentResponder | null = null;
  let installed: IncidentResponder | null = null;
  let ownerOf: (id: string) => string | undefined = () => undefined;
  let silences: AlertmanagerSilences | undefined;
  let extendTimer: NodeJS.Timeout | undefined;
  const local = (): IncidentResponder => {
    if (!attached) throw new Error('ingest used before attach(server)');
    return attached;
  };
  const localResponder = delegateTo(local);
  const responder = delegateTo(() => installed ?? local());
  return {
    alertConverter: createAlertConverter({ ledger, settings }),
    settings,
    responder,
    localResponder,
    silences: () => silences,
    close() {
      clearInterval(extendTimer);
    },
    useResponder(r, owner) {
      installed = r;
      ownerOf = owner;
    },
    attach(host) {
      if (store) throw new Error('ingest is already attached to a server');
      store = host.incidents;
      if (settings.alertmanagerUrl) {
        silences = new AlertmanagerSilences({ url: settings.alertmanagerUrl, durationMs: settings.ackSilenceMs }, host.logger);
        const keeper = silences;
        // A silence is extended while its alert fires and expired once it stops: checked four times per silence length, at least every 10 s.
        extendTimer = setInterval(() => void keeper.review(host.incidents.list()), Math.min(10_000, Math.max(1000, settings.ackSilenceMs / 4)));
        extendTimer.unref();
      }
      attached = createIncidentResponder({ host, ledger, ...(silences ? { silences } : {}) });
      host.addRoutes(
        alertmanagerRoute({ host, ledger, settings, ...(silences ? { silences } : {}) }),
        ...guardUpstreamOwned(incidentRoutes({ host, ledger, bodyLimit: settings.bodyLimit }), {
          ownerOf: (id) => ownerOf(id), responder, bodyLimit: settings.bodyLimit, lookup: (id) => ledger.get(id),
          finished: async (before) => {
            await silences?.release(before);
          },
        }),
        ...incidentActionRoutes({ responder, bodyLimit: settings.bodyLimit }),
        incidentCreateRoute({ host, ledger, bodyLimit: settings.bodyLimit }),
      );
    },
  };
}

/** A responder whose every call goes to whatever `current()` is at call time. */
function delegateTo(current: () => IncidentResponder): IncidentResponder {
  return {
    acknowledge: (id, input) => current().acknowledge(id, input),
    unacknowledge: (id, input) => current().unacknowledge(id, input),
    assign: (id, input) => current().assign(id, input),
    comment: (id, input) => current().comment(id, input),
    resolve: (id, input) => current().resolve(id, input),
    snooze: (id, input) => current().snooze(id, input),
  };
}

export { ALERTMANAGER_PATH } from './alertmanager-route.js';
export { DEFAULT_SEVERITY_MAP, buildSeverityMap, severityFromLabels } from './severity-map.js';
export { uuidV5, alertmanagerIncidentId, submittedAlertIncidentId, INCIDENT_ID_NAMESPACE } from './uuid-v5.js';
export type { IngestHost } from './ingest-host.js';
export { fetchIncident, noIncident, withIncident, type IncidentSource } from './incident-lookup.js';
export { RESOLUTION_METHODS, type IncidentResponder, type ResponderMethod, type ActorInput, type AssignInput, type CommentInput, type ResolveInput, type SnoozeInput, type ActionOutcome } from './incident-responder.js';
export { lastActor, timelineOf, type TimelineEntry, type ResponderAction } from './incident-timeline.js';
export type { IngestSettings } from './ingest-settings.js';
