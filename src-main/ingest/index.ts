// Ingest in one call: the POST /v1/alerts converter, the Alertmanager webhook and the incidents REST API on a relay server.
import type { AlertConverter, IncidentStore, RelayConfig } from '../server/index.js';
import { createAlertConverter } from './alert-converter.js';
import { alertmanagerRoute } from './alertmanager-route.js';
import { IncidentLedger } from './incident-ledger.js';
import { incidentActionRoutes } from './incident-actions.js';
import { createIncidentResponder, type IncidentResponder } from './incident-responder.js';
import { incidentRoutes } from './incident-routes.js';
import type { IngestHost } from './ingest-host.js';
import { ingestSettingsFrom, type IngestSettings } from './ingest-settings.js';

export interface Ingest {
  /** Pass as `alertConverter` to createRelayServer. */
  readonly alertConverter: AlertConverter;
  readonly settings: IngestSettings;
  /** Acknowledge and un-acknowledge in-process (what the REST routes call); usable once attached. */
  readonly responder: IncidentResponder;
  /** Binds to the created server (its incident store and publish) and adds the ingest and incident routes. */
  attach(host: IngestHost): void;
}

/**
 * Usage: `const ingest = createIngest(config); const server = createRelayServer(config, { alertConverter:
 * ingest.alertConverter, ... }); ingest.attach(server);` The converter needs the server's incident
 * store, which exists only once the server does, hence the two steps.
 */
export function createIngest(config: RelayConfig): Ingest {
  const settings = ingestSettingsFrom(config);
  let store: IncidentStore | null = null;
  const ledger = new IncidentLedger(() => {
    if (!store) throw new Error('ingest used before attach(server)');
    return store;
  });
  let attached: IncidentResponder | null = null;
  const responder = (): IncidentResponder => {
    if (!attached) throw new Error('ingest used before attach(server)');
    return attached;
  };
  return {
    alertConverter: createAlertConverter({ ledger, settings }),
    settings,
    responder: {
      acknowledge: (id, input) => responder().acknowledge(id, input),
      unacknowledge: (id, input) => responder().unacknowledge(id, input),
    },
    attach(host) {
      if (store) throw new Error('ingest is already attached to a server');
      store = host.incidents;
      attached = createIncidentResponder({ host, ledger });
      host.addRoutes(
        alertmanagerRoute({ host, ledger, settings }),
        ...incidentRoutes({ host, ledger, bodyLimit: settings.bodyLimit }),
        ...incidentActionRoutes({ responder: attached, bodyLimit: settings.bodyLimit }),
      );
    },
  };
}

export { ALERTMANAGER_PATH } from './alertmanager-route.js';
export { DEFAULT_SEVERITY_MAP, buildSeverityMap, severityFromLabels } from './severity-map.js';
export { uuidV5, alertmanagerIncidentId, submittedAlertIncidentId, INCIDENT_ID_NAMESPACE } from './uuid-v5.js';
export type { IngestHost } from './ingest-host.js';
export type { IncidentResponder, ActorInput, ActionOutcome } from './incident-responder.js';
export { lastActor, timelineOf, type TimelineEntry, type ResponderAction } from './incident-timeline.js';
export type { IngestSettings } from './ingest-settings.js';
