// Protocol vocabulary (PROTOCOL.md sections 3, 4 and 6): every enumerated value is defined here once.

export const EVENT_TYPES = [
  'incident_created', 'incident_updated', 'incident_resolved', 'incident_closed',
  'alert_received', 'alert_converted', 'escalated',
  'playbook_started', 'playbook_action_executed', 'playbook_completed',
  'notification_sent', 'assignment_changed', 'comment_added', 'system_event',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const SEVERITIES = ['P0', 'P1', 'P2', 'P3', 'P4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const STATES = ['Detected', 'Triaged', 'Investigating', 'Remediating', 'Resolved', 'Closed'] as const;
export type IncidentState = (typeof STATES)[number];

export const INCIDENT_TYPES = [
  'Infrastructure', 'Application', 'Security', 'Data', 'Performance', 'Availability', 'Compliance', 'Unknown',
] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

/** The Rust server's `ResolutionMethod`. */
export const RESOLUTION_METHODS = ['Automated', 'Manual', 'AutoAssistedManual'] as const;
export type ResolutionMethod = (typeof RESOLUTION_METHODS)[number];

/** The Rust server's timeline `EventType` (PascalCase, unlike the stream's event types). */
export const TIMELINE_EVENT_TYPES = [
  'Created', 'StateChanged', 'ActionExecuted', 'NotificationSent', 'AssignmentChanged', 'CommentAdded',
  'PlaybookStarted', 'PlaybookCompleted', 'Escalated', 'Resolved', 'AlertReceived', 'SeverityChanged',
] as const;
export type TimelineEventType = (typeof TIMELINE_EVENT_TYPES)[number];

export const ERROR_CODES = [
  'invalid_json', 'invalid_message', 'unknown_message_type', 'unknown_subscription', 'subscription_limit',
  'rate_limited', 'unsupported_frame', 'unauthorized', 'forbidden', 'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** WebSocket close codes of PROTOCOL.md section 6. */
export const CLOSE_CODES = {
  normal: 1000,
  shutdown: 1001,
  policyViolation: 1008,
  messageTooBig: 1009,
  internalError: 1011,
  tryAgainLater: 1013,
  idleTimeout: 4000,
  slowConsumer: 4001,
} as const;

export const CLOSING_REASONS = ['shutdown', 'session_timeout', 'slow_consumer', 'policy_violation', 'token_expired'] as const;
export type ClosingReason = (typeof CLOSING_REASONS)[number];

/** Filter size limits of PROTOCOL.md section 3. */
export const FILTER_LIMITS = { maxValues: 100, maxLabels: 50, maxStringLength: 256 } as const;
export const SUBSCRIPTION_ID_MAX = 128;
export const TITLE_MAX = 500;
export const PUBLISH_BATCH_MAX = 1000;

/** Subprotocol a browser offers, with `bearer.<token>`, since it cannot set WebSocket headers. */
export const SUBPROTOCOL = 'incident-relay.v1';
/** PROTOCOL 1.1 §1: the subprotocol of MessagePack sessions (every message one binary frame). */
export const MSGPACK_SUBPROTOCOL = 'incident-relay.v1.msgpack';
