// POST /v1/alerts: the Rust server's alert submission, published as `alert_received`.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  IncidentTypeSchema, SeveritySchema, StringMapSchema, TITLE_MAX, completeAlert, parseWith, type Alert, type IncidentEvent,
} from '../../../../src-shared/protocol/index.js';
import type { HttpRoute } from '../router.js';
import { HttpError, readJsonBody, sendJson } from '../json-io.js';
import type { Publisher } from './events.js';

export const AlertSubmissionSchema = z.object({
  source: z.string().min(1).max(256),
  title: z.string().min(1).max(TITLE_MAX),
  description: z.string().max(65536),
  severity: SeveritySchema,
  alert_type: IncidentTypeSchema,
  // `null` is accepted wherever the Rust `SubmitAlertRequest` has an Option (and for the defaulted maps and lists).
  external_id: z.string().max(256).nullish(),
  labels: StringMapSchema.nullish(),
  affected_services: z.array(z.string().max(256)).max(100).nullish(),
  runbook_url: z.string().max(2048).nullish(),
  annotations: StringMapSchema.nullish(),
});
export type AlertSubmission = z.infer<typeof AlertSubmissionSchema>;

/** The Alert a submission becomes (complete: every field of the Rust `Alert`). */
export function alertFromSubmission(s: AlertSubmission, now = new Date().toISOString()): Alert {
  const id = randomUUID();
  return completeAlert({
    id, external_id: s.external_id ?? id, source: s.source, timestamp: now, received_at: now, severity: s.severity,
    alert_type: s.alert_type, title: s.title, description: s.description, labels: s.labels ?? {},
    affected_services: s.affected_services ?? [], annotations: s.annotations ?? {}, runbook_url: s.runbook_url ?? null,
  });
}

/** The Rust `AckStatus`, spelled as it serializes. */
export type AlertAckStatus = 'Accepted' | 'Duplicate' | 'RateLimited' | 'Rejected';

/** Turns an accepted alert into the events to publish and the reply; the ingest layer may convert it to an incident. */
export type AlertConverter = (alert: Alert) => Promise<{ events: IncidentEvent[]; incidentId: string | null; status: AlertAckStatus; message: string }>;

export const publishAlertOnly: AlertConverter = async (alert) => ({
  events: [{ event_type: 'alert_received', alert }], incidentId: null, status: 'Accepted', message: 'Alert received',
});

export function alertsRoute(hub: Publisher, bodyLimit: number, convert: AlertConverter = publishAlertOnly): HttpRoute {
  return {
    method: 'POST', path: '/v1/alerts', scope: 'publish',
    async handle(req, res) {
      const parsed = parseWith(AlertSubmissionSchema, await readJsonBody(req, bodyLimit));
      if (!parsed.ok) throw new HttpError(400, 'invalid_message', parsed.message);
      const alert = alertFromSubmission(parsed.value);
      const out = await convert(alert);
      await hub.publish(out.events);
      sendJson(res, 202, { alert_id: alert.id, incident_id: out.incidentId, status: out.status, message: out.message });
    },
  };
}
