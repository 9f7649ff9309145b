// The Alertmanager webhook body (version 4): validated whole, unknown fields (Grafana's superset) ignored.
import { z } from 'zod';
import { StringMapSchema } from '../../src-shared/protocol/index.js';

/** A date-time Alertmanager writes (Go RFC 3339 with nanoseconds, any offset); `0001-01-01T00:00:00Z` means unset. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const GoTimeSchema = z.string().regex(RFC3339, 'must be an RFC 3339 date-time').refine((s) => !Number.isNaN(Date.parse(s)), 'must be a valid date-time');

export const AlertmanagerAlertSchema = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: StringMapSchema,
  annotations: StringMapSchema.default({}),
  startsAt: GoTimeSchema,
  endsAt: GoTimeSchema.optional(),
  generatorURL: z.string().max(4096).optional(),
  /** Alertmanager's hash of the label set; derived from the labels when a sender omits it. */
  fingerprint: z.string().min(1).max(256).optional(),
});
export type AlertmanagerAlert = z.infer<typeof AlertmanagerAlertSchema>;

export const AlertmanagerWebhookSchema = z.looseObject({
  /** "4" from Alertmanager; Grafana sends "1" with a superset of the fields, which is accepted too. */
  version: z.string().max(16).optional(),
  groupKey: z.string().optional(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().max(1024).default(''),
  groupLabels: StringMapSchema.default({}),
  commonLabels: StringMapSchema.default({}),
  commonAnnotations: StringMapSchema.default({}),
  externalURL: z.string().max(4096).optional(),
  alerts: z.array(AlertmanagerAlertSchema).max(10_000),
});
export type AlertmanagerWebhook = z.infer<typeof AlertmanagerWebhookSchema>;
