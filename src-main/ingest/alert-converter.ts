// The AlertConverter of POST /v1/alerts: severe alerts become incidents, de-duplicated by source + title + labels.
import { createHash } from 'node:crypto';
import type { Alert } from '../../src-shared/protocol/index.js';
import type { AlertConverter } from '../server/index.js';
import { incidentFromDraft, isActive, reopenIncident, type IncidentDraft } from './incident-lifecycle.js';
import type { IncidentLedger } from './incident-ledger.js';
import type { IngestSettings } from './ingest-settings.js';
import { atLeast } from './severity-map.js';
import { submittedAlertIncidentId } from './uuid-v5.js';

/** sha256 of source, title and the sorted labels: the same alert submitted again has the same fingerprint. */
export function submittedAlertFingerprint(a: Pick<Alert, 'source' | 'title' | 'labels'>): string {
  const labels = Object.keys(a.labels).sort().map((k) => [k, a.labels[k]]);
  return createHash('sha256').update(JSON.stringify([a.source, a.title, labels])).digest('hex');
}

function draftOf(a: Alert, fingerprint: string): IncidentDraft {
  return {
    id: submittedAlertIncidentId(fingerprint), fingerprint, source: a.source, title: a.title, description: a.description,
    severity: a.severity, incidentType: a.alert_type, labels: { ...a.labels }, resources: [...a.affected_services],
  };
}

/**
 * Rule: an alert of `alert_incident_min_severity` (default P2) or more severe becomes an incident;
 * its id is UUID v5 of the fingerprint, so repeats find it.
 * - below the threshold → `alert_received` only; reply `Accepted`, `incident_id` null;
 * - no incident yet → `alert_received`, `alert_converted`, `incident_created`; reply `Accepted`;
 * - an open incident → `alert_received` with `deduplicated: true` and its `incident_id`; reply `Duplicate`;
 * - a Resolved/Closed incident → `alert_received`, `alert_converted`, `incident_updated` back to Detected; reply `Accepted`.
 */
export function createAlertConverter(deps: { ledger: IncidentLedger; settings: IngestSettings; now?: () => string }): AlertConverter {
  const now = deps.now ?? (() => new Date().toISOString());
  return async (alert) => {
    if (!atLeast(alert.severity, deps.settings.alertIncidentMinSeverity)) {
      return {
        events: [{ event_type: 'alert_received', alert }], incidentId: null, status: 'Accepted',
        message: `Alert received; below the ${deps.settings.alertIncidentMinSeverity} incident threshold`,
      };
    }
    const draft = draftOf(alert, submittedAlertFingerprint(alert));
    const linked: Alert = { ...alert, incident_id: draft.id };
    const cur = deps.ledger.get(draft.id);
    if (cur && isActive(cur)) {
      return {
        events: [{ event_type: 'alert_received', alert: { ...linked, deduplicated: true } }], incidentId: cur.id,
        status: 'Duplicate', message: 'Alert de-duplicated into an open incident',
      };
    }
    const at = now();
    const incident = cur ? reopenIncident(cur, draft, at) : incidentFromDraft(draft, at);
    // Staged until the store is newer or the TTL ends: the alerts route publishes after this returns.
    deps.ledger.stage(incident);
    return {
      events: [
        { event_type: 'alert_received', alert: linked },
        { event_type: 'alert_converted', alert: linked, incident_id: incident.id },
        cur ? { event_type: 'incident_updated', incident, previous_state: cur.state } : { event_type: 'incident_created', incident },
      ],
      incidentId: incident.id, status: 'Accepted',
      message: cur ? `Alert reopened incident (was ${cur.state})` : 'Alert converted to incident',
    };
  };
}
