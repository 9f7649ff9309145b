// Generic webhook push target: a documented JSON body, HMAC-SHA256-signed over "<timestamp>.<body>" with a shared secret.
import { createHmac } from 'node:crypto';
import { postJson, type EscalationPage, type PushTarget } from './push-target.js';

export interface WebhookTargetOptions {
  name: string;
  person?: string;
  url: string;
  secret: string;
  now?: () => number;
}

/** The body (README "Escalation"): one incident, the step, and where to acknowledge or open it. */
export function webhookBody(target: string, page: EscalationPage, now: number): Record<string, unknown> {
  return {
    type: 'incident.escalated',
    sent_at: new Date(now).toISOString(),
    target,
    step: page.step,
    incident: {
      id: page.incidentId, title: page.title, severity: page.severity, state: page.state,
      service: page.service ?? null, labels: page.labels, created_at: page.createdAt,
    },
    open_url: page.openUrl ?? null,
    acknowledge_url: page.acknowledge?.url ?? null,
  };
}

/** `sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>.<body>"): what a receiver recomputes to trust the request. */
export const webhookSignature = (secret: string, timestamp: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

export function createWebhookTarget(o: WebhookTargetOptions): PushTarget {
  const now = o.now ?? Date.now;
  return {
    name: o.name,
    kind: 'webhook',
    ...(o.person ? { person: o.person } : {}),
    send: (page) => {
      const at = now();
      const body = JSON.stringify(webhookBody(o.name, page, at));
      const timestamp = String(Math.floor(at / 1000));
      return postJson(o.name, o.url, body, {
        'x-incident-relay-timestamp': timestamp,
        'x-incident-relay-signature': webhookSignature(o.secret, timestamp, body),
      });
    },
  };
}
