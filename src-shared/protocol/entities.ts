// Incident and Alert schemas (PROTOCOL.md section 4), as the Rust server serializes them.
import { z } from 'zod';
import { INCIDENT_TYPES, RESOLUTION_METHODS, SEVERITIES, STATES, TIMELINE_EVENT_TYPES, TITLE_MAX } from './constants.js';

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
export const ResolutionMethodSchema = z.enum(RESOLUTION_METHODS);

/**
 * `resolution` on input: the Rust shape, or this server's earlier one (`method` instead of `resolution_method`,
 * `notes` optional) that older journals and stores hold. Output always has the Rust shape (complete-output.ts).
 */
export const ResolutionInputSchema = z.looseObject({
  resolved_at: TimestampSchema.optional(),
  resolved_by: z.string().optional(),
  resolution_method: ResolutionMethodSchema.optional(),
  method: z.string().optional(),
  root_cause: z.string().nullish(),
  notes: z.string().nullish(),
});
export type ResolutionInput = z.infer<typeof ResolutionInputSchema>;

/** One entry of an incident's `timeline` (the Rust `TimelineEvent`; `metadata` defaults to `{}` there too). */
export const TimelineEntrySchema = z.looseObject({
  timestamp: TimestampSchema,
  event_type: z.enum(TIMELINE_EVENT_TYPES),
  actor: z.string(),
  description: z.string(),
  metadata: StringMapSchema.optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

/** One of an incident's `notes` (the Rust `Note`). */
export const NoteSchema = z.looseObject({ id: UuidSchema, author: z.string(), content: z.string(), created_at: TimestampSchema });

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
  related_incidents: z.array(UuidSchema).nullish(),
  active_playbook: UuidSchema.nullish(),
  resolution: ResolutionInputSchema.nullish(),
  timeline: z.array(TimelineEntrySchema).nullish(),
  notes: z.array(NoteSchema).nullish(),
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
