// Incident and Alert schemas (PROTOCOL.md section 4), as the Rust server serializes them.
import { z } from 'zod';
import { INCIDENT_TYPES, SEVERITIES, STATES, TITLE_MAX } from './constants.js';

export const SeveritySchema = z.enum(SEVERITIES);
export const StateSchema = z.enum(STATES);
export const IncidentTypeSchema = z.enum(INCIDENT_TYPES);

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]00:00)$/;
/** An RFC 3339 date-time in UTC; fractional seconds allowed. */
export const TimestampSchema = z.string().regex(RFC3339_UTC, 'must be an RFC 3339 UTC date-time').refine(
  (s) => !Number.isNaN(Date.parse(s)), 'must be a valid date-time',
);
export const UuidSchema = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a UUID');
export const StringMapSchema = z.record(z.string(), z.string());

export const IncidentSchema = z.looseObject({
  id: UuidSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
  state: StateSchema,
  severity: SeveritySchema,
  incident_type: IncidentTypeSchema,
  source: z.string(),
  title: z.string().min(1).max(TITLE_MAX),
  description: z.string(),
  affected_resources: z.array(z.string()),
  labels: StringMapSchema,
  assignees: z.array(z.string()),
  related_incidents: z.array(z.string()).nullish(),
  active_playbook: z.unknown().optional(),
  resolution: z.unknown().optional(),
  timeline: z.array(z.unknown()).nullish(),
  notes: z.array(z.unknown()).nullish(),
  fingerprint: z.string().nullish(),
  correlation_score: z.number().nullish(),
});
export type Incident = z.infer<typeof IncidentSchema>;

export const AlertSchema = z.looseObject({
  id: UuidSchema,
  external_id: z.string(),
  source: z.string(),
  timestamp: TimestampSchema,
  received_at: TimestampSchema,
  severity: SeveritySchema,
  alert_type: IncidentTypeSchema,
  title: z.string().min(1).max(TITLE_MAX),
  description: z.string(),
  labels: StringMapSchema,
  affected_services: z.array(z.string()),
  annotations: StringMapSchema,
  runbook_url: z.string().nullish(),
  incident_id: UuidSchema.nullish(),
  deduplicated: z.boolean().nullish(),
  parent_alert_id: UuidSchema.nullish(),
});
export type Alert = z.infer<typeof AlertSchema>;
