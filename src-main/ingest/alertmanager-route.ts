// POST /v1/integrations/alertmanager: the webhook receiver; the whole payload is validated before anything is published.
import { parseWith } from '../../src-shared/protocol/index.js';
import { HttpError, type HttpRoute, readJsonBody, sendJson } from '../server/index.js';
import { AlertmanagerWebhookSchema } from './alertmanager-payload.js';
import type { AlertmanagerSilences } from './alertmanager-silences.js';
import { planWebhook } from './alertmanager-plan.js';
import type { IncidentLedger } from './incident-ledger.js';
import { publishStaged, type IngestHost } from './ingest-host.js';
import type { IngestSettings } from './ingest-settings.js';

export const ALERTMANAGER_PATH = '/v1/integrations/alertmanager';

export interface AlertmanagerRouteDeps {
  host: IngestHost;
  ledger: IncidentLedger;
  settings: IngestSettings;
  /** With `alertmanager_url`: an incident the webhook resolves has its silences expired. */
  silences?: Pick<AlertmanagerSilences, 'release'>;
  now?: () => string;
}

/**
 * 200 `{status, alerts, created, updated, reopened, resolved, unchanged, ignored, incident_ids, message_ids}`.
 * A body that is not JSON or not a valid webhook (any alert) → 400 naming the field path, nothing
 * published. A failure inside the relay → 5xx, which Alertmanager retries.
 */
export function alertmanagerRoute(deps: AlertmanagerRouteDeps): HttpRoute {
  const now = deps.now ?? (() => new Date().toISOString());
  for (const outcome of ['accepted', 'rejected', 'error']) deps.host.metrics.ingested.inc({ route: 'alertmanager', outcome }, 0);
  return {
    method: 'POST', path: ALERTMANAGER_PATH, scope: 'publish',
    async handle(req, res) {
      // Until the whole payload is read and valid, a failure is the sender's (rejected); after it, ours (error).
      let outcome = 'rejected';
      try {
        const parsed = parseWith(AlertmanagerWebhookSchema, await readJsonBody(req, deps.settings.bodyLimit));
        if (!parsed.ok) throw new HttpError(400, 'invalid_message', parsed.message);
        outcome = 'error';
        const plan = planWebhook(parsed.value, deps.ledger, deps.settings, now());
        const messageIds = await publishStaged(deps.host, deps.ledger, plan.events, plan.staged);
        for (const e of plan.events) if (e.event_type === 'incident_resolved') await deps.silences?.release(e.incident);
        outcome = 'accepted';
        sendJson(res, 200, {
          status: 'success', alerts: parsed.value.alerts.length, ...plan.outcomes,
          incident_ids: [...new Set(plan.incidentIds)], message_ids: messageIds,
        });
      } finally {
        deps.host.metrics.ingested.inc({ route: 'alertmanager', outcome });
      }
    },
  };
}
