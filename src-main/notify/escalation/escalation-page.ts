// The page one target gets for one incident and step: title, labels, and the links back to this server.
import type { Incident } from '../../../src-shared/protocol/index.js';
import type { EscalationConfig } from '../../../src-shared/escalation-settings.js';
import type { EscalationPage, PushTarget } from './push-target.js';

/** Who the acknowledge from a target's button is recorded as: its person (or the target's name), on the phone. */
export const phoneActor = (target: Pick<PushTarget, 'name' | 'person'>): string => `${target.person ?? target.name} (phone)`;

export function buildPage(incident: Incident, step: number, target: PushTarget, config: EscalationConfig, acknowledgeToken: string | undefined): EscalationPage {
  const base = config.public_url?.replace(/\/+$/, '');
  const id = incident.id.toLowerCase();
  return {
    incidentId: id,
    title: incident.title,
    severity: incident.severity,
    state: incident.state,
    ...(incident.affected_resources[0] ? { service: incident.affected_resources[0] } : {}),
    labels: incident.labels,
    createdAt: incident.created_at,
    step,
    ...(base ? { openUrl: `${base}/#incident=${id}` } : {}),
    ...(base && acknowledgeToken ? { acknowledge: { url: `${base}/v1/incidents/${id}/acknowledge`, token: acknowledgeToken, actor: phoneActor(target) } } : {}),
  };
}
