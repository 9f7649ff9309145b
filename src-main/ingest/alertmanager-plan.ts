// Decides what one webhook publishes: first firing creates, changes update, re-firing reopens, resolved resolves, repeats nothing.
import type { Incident, IncidentEvent } from '../../src-shared/protocol/index.js';
import type { AlertmanagerWebhook } from './alertmanager-payload.js';
import { alertOf, deriveFromLabels, mapAlertmanagerAlert, type MappedAlertmanagerAlert } from './alertmanager-mapping.js';
import {
  incidentFromDraft, isActive, refreshIncident, reopenIncident, resolveIncident, resolvedAtMs,
} from './incident-lifecycle.js';
import type { IncidentLedger } from './incident-ledger.js';
import type { IngestSettings } from './ingest-settings.js';

export type AlertOutcome = 'created' | 'updated' | 'reopened' | 'resolved' | 'unchanged' | 'ignored';

export interface WebhookPlan {
  events: IncidentEvent[];
  /** Versions staged in the ledger; settle them once the publish is done. */
  staged: Incident[];
  outcomes: Record<AlertOutcome, number>;
  /** Incident id of every alert, in payload order. */
  incidentIds: string[];
}

/**
 * Plans the whole webhook synchronously against the ledger, staging each decided version so a later
 * alert of the same payload (or a concurrent request) sees it. Rules per alert:
 * - firing, no incident → `alert_received`, `alert_converted`, `incident_created` (state Detected);
 * - firing, open incident, title/description/labels changed → `incident_updated`; unchanged → nothing;
 * - firing, Resolved/Closed incident, `startsAt` after its resolution → reopened: `incident_updated`
 *   to Detected with `previous_state`; an older `startsAt` (the same episode) → nothing;
 * - resolved, open incident → `incident_resolved`; resolved for an unknown or already resolved incident → nothing.
 */
export function planWebhook(hook: AlertmanagerWebhook, ledger: IncidentLedger, settings: IngestSettings, now: string): WebhookPlan {
  const plan: WebhookPlan = {
    events: [], staged: [], incidentIds: [],
    outcomes: { created: 0, updated: 0, reopened: 0, resolved: 0, unchanged: 0, ignored: 0 },
  };
  for (const raw of hook.alerts) {
    const m = mapAlertmanagerAlert(raw, settings);
    plan.incidentIds.push(m.draft.id);
    const outcome = m.firing ? planFiring(m, ledger, settings, now, plan) : planResolved(m, ledger, hook.receiver, now, plan);
    plan.outcomes[outcome] += 1;
  }
  return plan;
}

function stage(plan: WebhookPlan, ledger: IncidentLedger, incident: Incident, ...events: IncidentEvent[]): void {
  ledger.stage(incident);
  plan.staged.push(incident);
  plan.events.push(...events);
}

function planFiring(m: MappedAlertmanagerAlert, ledger: IncidentLedger, settings: IngestSettings, now: string, plan: WebhookPlan): AlertOutcome {
  const cur = ledger.get(m.draft.id);
  if (!cur) {
    const alert = alertOf(m, now);
    const incident = incidentFromDraft(m.draft, now);
    stage(plan, ledger, incident,
      { event_type: 'alert_received', alert },
      { event_type: 'alert_converted', alert, incident_id: incident.id },
      { event_type: 'incident_created', incident });
    return 'created';
  }
  if (!isActive(cur)) {
    if (m.startsAtMs <= resolvedAtMs(cur)) return 'unchanged';
    const incident = reopenIncident(cur, m.draft, now);
    stage(plan, ledger, incident, { event_type: 'incident_updated', incident, previous_state: cur.state });
    return 'reopened';
  }
  const incident = refreshIncident(cur, m.draft, deriveFromLabels(cur.labels, settings), now);
  if (!incident) return 'unchanged';
  stage(plan, ledger, incident, { event_type: 'incident_updated', incident, previous_state: cur.state });
  return 'updated';
}

function planResolved(m: MappedAlertmanagerAlert, ledger: IncidentLedger, receiver: string, now: string, plan: WebhookPlan): AlertOutcome {
  const cur = ledger.get(m.draft.id);
  if (!cur || !isActive(cur)) return 'ignored';
  const incident = resolveIncident(cur, {
    resolved_at: m.endsAt ?? now, resolved_by: 'alertmanager', resolution_method: 'Automated', root_cause: null,
    notes: receiver ? `resolved by Alertmanager (receiver ${receiver})` : 'resolved by Alertmanager',
  }, now);
  stage(plan, ledger, incident, { event_type: 'incident_resolved', incident });
  return 'resolved';
}
