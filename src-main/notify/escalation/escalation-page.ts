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

/** The page "Send test page" sends: marked as a test, P1 (a phone shows it, without a P0's alarm), no Acknowledge button. */
export function testPage(config: Pick<EscalationConfig, 'public_url'>, now: number): EscalationPage {
  const base = config.public_url?.replace(/\/+$/, '');
  return {
    incidentId: 'test', title: 'Test page: escalation reaches this target', severity: 'P1', state: 'Test', labels: {},
    createdAt: new Date(now).toISOString(), step: 1, test: true, ...(base ? { openUrl: `${base}/` } : {}),
  };
}
