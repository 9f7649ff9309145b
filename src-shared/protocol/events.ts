// The fourteen incident events (PROTOCOL.md section 4) as one discriminated union on `event_type`.
import { z } from 'zod';
import { AlertSchema, IncidentSchema, SeveritySchema, StateSchema, StringMapSchema, TimestampSchema, UuidSchema } from './entities.js';

const incidentOnly = <T extends string>(type: T) => z.looseObject({ event_type: z.literal(type), incident: IncidentSchema });

export const IncidentEventSchema = z.discriminatedUnion('event_type', [
  incidentOnly('incident_created'),
  z.looseObject({ event_type: z.literal('incident_updated'), incident: IncidentSchema, previous_state: StateSchema.nullable().optional() }),
  incidentOnly('incident_resolved'),
  incidentOnly('incident_closed'),
  z.looseObject({ event_type: z.literal('alert_received'), alert: AlertSchema }),
  z.looseObject({ event_type: z.literal('alert_converted'), alert: AlertSchema, incident_id: UuidSchema }),
  z.looseObject({
    event_type: z.literal('escalated'), incident_id: UuidSchema, from_severity: SeveritySchema, to_severity: SeveritySchema, reason: z.string(),
  }),
  z.looseObject({ event_type: z.literal('playbook_started'), incident_id: UuidSchema, playbook_id: UuidSchema, playbook_name: z.string() }),
  z.looseObject({
    event_type: z.literal('playbook_action_executed'), incident_id: UuidSchema, playbook_id: UuidSchema,
    action_name: z.string(), success: z.boolean(), message: z.string(),
  }),
  z.looseObject({
    event_type: z.literal('playbook_completed'), incident_id: UuidSchema, playbook_id: UuidSchema,
    success: z.boolean(), actions_executed: z.number().int().nonnegative(),
  }),
  z.looseObject({ event_type: z.literal('notification_sent'), incident_id: UuidSchema, channel: z.string(), success: z.boolean() }),
  z.looseObject({ event_type: z.literal('assignment_changed'), incident_id: UuidSchema, assignees: z.array(z.string()) }),
  z.looseObject({
    event_type: z.literal('comment_added'), incident_id: UuidSchema, author: z.string(), comment: z.string(), timestamp: TimestampSchema,
  }),
  z.looseObject({ event_type: z.literal('system_event'), category: z.string(), message: z.string(), metadata: StringMapSchema }),
]);
export type IncidentEvent = z.infer<typeof IncidentEventSchema>;

/** `POST /v1/events` body: one event, or `{events:[...]}`. */
export const PublishBodySchema = z.union([
  z.looseObject({ events: z.array(z.unknown()) }),
  z.looseObject({ event_type: z.string() }),
]);
