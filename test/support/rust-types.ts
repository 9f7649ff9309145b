// The public Rust LLM Incident Manager's types as strict schemas (serde semantics), to check every frame and body a test receives.
// Derived field for field from globalbusinessadvisors/llm-incident-manager: src/models/incident.rs, src/models/alert.rs,
// src/websocket/messages.rs, src/api/handlers.rs, src/error.rs. serde rules: a non-Option field must be present (no
// #[serde(default)] on these types, except TimelineEvent.metadata and SubscriptionFilters); an Option may be absent or
// null; unknown fields are ignored; enums are spelled exactly as they serialize.
import { z } from 'zod';

/** chrono `DateTime<Utc>` from JSON: an RFC 3339 date-time with any offset. */
const DateTimeUtc = z.string().regex(/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/, 'not an RFC 3339 date-time')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a valid date-time');
const Uuid = z.string().regex(/^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/, 'not a UUID');
const StringMap = z.record(z.string(), z.string());
const Option = <T extends z.ZodType>(t: T) => t.nullable().optional();
const Usize = z.number().int().nonnegative();

const IncidentState = z.enum(['Detected', 'Triaged', 'Investigating', 'Remediating', 'Resolved', 'Closed']);
const Severity = z.enum(['P0', 'P1', 'P2', 'P3', 'P4']);
const IncidentType = z.enum(['Infrastructure', 'Application', 'Security', 'Data', 'Performance', 'Availability', 'Compliance', 'Unknown']);
const ResolutionMethod = z.enum(['Automated', 'Manual', 'AutoAssistedManual']);
const TimelineEventType = z.enum([
  'Created', 'StateChanged', 'ActionExecuted', 'NotificationSent', 'AssignmentChanged', 'CommentAdded',
  'PlaybookStarted', 'PlaybookCompleted', 'Escalated', 'Resolved', 'AlertReceived', 'SeverityChanged',
]);
const EventType = z.enum([
  'incident_created', 'incident_updated', 'incident_resolved', 'incident_closed', 'alert_received', 'alert_converted',
  'escalated', 'playbook_started', 'playbook_action_executed', 'playbook_completed', 'notification_sent',
  'assignment_changed', 'comment_added', 'system_event',
]);

const Resolution = z.looseObject({
  resolved_at: DateTimeUtc, resolved_by: z.string(), resolution_method: ResolutionMethod, root_cause: Option(z.string()), notes: z.string(),
});
const TimelineEvent = z.looseObject({
  timestamp: DateTimeUtc, event_type: TimelineEventType, actor: z.string(), description: z.string(), metadata: StringMap.optional(),
});
const Note = z.looseObject({ id: Uuid, author: z.string(), content: z.string(), created_at: DateTimeUtc });

export const RustIncident = z.looseObject({
  id: Uuid, created_at: DateTimeUtc, updated_at: DateTimeUtc, state: IncidentState, severity: Severity, incident_type: IncidentType,
  source: z.string(), title: z.string(), description: z.string(), affected_resources: z.array(z.string()), labels: StringMap,
  related_incidents: z.array(Uuid), active_playbook: Option(Uuid), resolution: Option(Resolution), timeline: z.array(TimelineEvent),
  assignees: z.array(z.string()), notes: z.array(Note), fingerprint: Option(z.string()), correlation_score: Option(z.number()),
});

export const RustAlert = z.looseObject({
  id: Uuid, external_id: z.string(), source: z.string(), timestamp: DateTimeUtc, received_at: DateTimeUtc, severity: Severity,
  alert_type: IncidentType, title: z.string(), description: z.string(), labels: StringMap, affected_services: z.array(z.string()),
  runbook_url: Option(z.string()), annotations: StringMap, incident_id: Option(Uuid), deduplicated: z.boolean(), parent_alert_id: Option(Uuid),
});

const ev = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.looseObject({ event_type: z.literal(type), ...shape });
export const RustEvent = z.discriminatedUnion('event_type', [
  ev('incident_created', { incident: RustIncident }),
  ev('incident_updated', { incident: RustIncident, previous_state: Option(IncidentState) }),
  ev('incident_resolved', { incident: RustIncident }),
  ev('incident_closed', { incident: RustIncident }),
  ev('alert_received', { alert: RustAlert }),
  ev('alert_converted', { alert: RustAlert, incident_id: Uuid }),
  ev('escalated', { incident_id: Uuid, from_severity: Severity, to_severity: Severity, reason: z.string() }),
  ev('playbook_started', { incident_id: Uuid, playbook_id: Uuid, playbook_name: z.string() }),
  ev('playbook_action_executed', { incident_id: Uuid, playbook_id: Uuid, action_name: z.string(), success: z.boolean(), message: z.string() }),
  ev('playbook_completed', { incident_id: Uuid, playbook_id: Uuid, success: z.boolean(), actions_executed: Usize }),
  ev('notification_sent', { incident_id: Uuid, channel: z.string(), success: z.boolean() }),
  ev('assignment_changed', { incident_id: Uuid, assignees: z.array(z.string()) }),
  ev('comment_added', { incident_id: Uuid, author: z.string(), comment: z.string(), timestamp: DateTimeUtc }),
  ev('system_event', { category: z.string(), message: z.string(), metadata: StringMap }),
]);

const SubscriptionFilters = z.looseObject({
  event_types: z.array(EventType).optional(), severities: z.array(Severity).optional(), states: z.array(IncidentState).optional(),
  sources: z.array(z.string()).optional(), affected_resources: z.array(z.string()).optional(), labels: StringMap.optional(),
  incident_ids: z.array(Uuid).optional(),
});

/** `ServerMessage` (messages.rs), plus this server's two extensions a client only gets when it asks for them. */
export const RustServerMessage = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('welcome'), session_id: z.string(), server_time: DateTimeUtc }),
  z.looseObject({ type: z.literal('subscribed'), subscription_id: z.string(), filters: SubscriptionFilters }),
  z.looseObject({ type: z.literal('unsubscribed'), subscription_id: z.string() }),
  z.looseObject({ type: z.literal('pong'), timestamp: DateTimeUtc }),
  z.looseObject({ type: z.literal('event'), message_id: z.string(), event: RustEvent, timestamp: DateTimeUtc }),
  z.looseObject({ type: z.literal('error'), code: z.string(), message: z.string() }),
  z.looseObject({ type: z.literal('closing'), reason: z.string() }),
  // Extensions: after `resume_after` and after `auth` only.
  z.looseObject({ type: z.literal('replay_complete'), subscription_id: z.string(), replayed: Usize, gap: z.boolean() }),
  z.looseObject({ type: z.literal('authenticated'), expires_at: DateTimeUtc.nullable(), scopes: z.array(z.string()) }),
]);

/** REST bodies (handlers.rs, error.rs). */
export const RustHealth = z.looseObject({ status: z.string(), version: z.string(), uptime_seconds: Usize });
export const RustAlertAck = z.looseObject({
  alert_id: Uuid, incident_id: Option(Uuid), status: z.enum(['Accepted', 'Duplicate', 'RateLimited', 'Rejected']), message: z.string(),
});
/** The list's incidents are checked as the full `Incident` (PROTOCOL 1.1 §4), stricter than the Rust `IncidentResponse`. */
export const RustIncidentList = z.looseObject({ incidents: z.array(RustIncident), total: Usize, page: Usize, page_size: Usize });
export const RustError = z.looseObject({ error: z.looseObject({ code: z.string(), message: z.string(), status: z.number().int().min(400).max(599) }) });

const explain = (r: z.ZodSafeParseResult<unknown>) => (r.success ? null : r.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));

/**
 * Why a server frame would not deserialize into the Rust types (null: it would). `pingTimestamps`: timestamps this
 * client put in its own pings; a pong echoes them unchanged, so a test that pinged with a non-date gets it back.
 */
export function rustFrameProblem(frame: unknown, pingTimestamps: ReadonlySet<string> = new Set()): string | null {
  const f = frame as { type?: unknown; timestamp?: unknown };
  if (f?.type === 'pong' && typeof f.timestamp === 'string' && pingTimestamps.has(f.timestamp)) return null;
  return explain(RustServerMessage.safeParse(frame));
}

/** Why a REST answer would not deserialize into the Rust type of its route (null: it would, or the route has none). */
export function rustBodyProblem(method: string, path: string, status: number, body: unknown): string | null {
  const p = path.split('?')[0]!;
  if (method === 'GET' && /^\/health(\/live|\/ready)?$/.test(p)) return explain(RustHealth.safeParse(body));
  if (status >= 400) return explain(RustError.safeParse(body));
  if (method === 'POST' && p === '/v1/alerts') return explain(RustAlertAck.safeParse(body));
  if (method === 'GET' && p === '/v1/incidents') return explain(RustIncidentList.safeParse(body));
  if (/^\/v1\/incidents(\/[^/]+(\/resolve)?)?$/.test(p) && !(method === 'GET' && p === '/v1/incidents')) return explain(RustIncident.safeParse(body));
  return null;
}
