// The server's Prometheus metrics (PROTOCOL.md section 8) on a registry owned by one server instance.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { CLOSE_CODES, ERROR_CODES } from '../../../src-shared/protocol/index.js';

/** Every close the server initiates, as `websocket_server_closes_total{code,reason}` labels: each series shows 0 from start. */
export const SERVER_CLOSE_KINDS: readonly (readonly [number, string])[] = [
  [CLOSE_CODES.shutdown, 'shutdown'], [CLOSE_CODES.policyViolation, 'policy_violation'], [CLOSE_CODES.policyViolation, 'token_expired'],
  [CLOSE_CODES.messageTooBig, 'message_too_big'], [CLOSE_CODES.tryAgainLater, 'connection_limit'],
  [CLOSE_CODES.idleTimeout, 'session_timeout'], [CLOSE_CODES.slowConsumer, 'slow_consumer'],
];

/** Creates every metric on a fresh registry; never prom-client's global one. */
export function createMetrics(opts: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  const r = [registry];
  const m = {
    registry,
    activeConnections: new Gauge({ name: 'websocket_active_connections', help: 'Open WebSocket sessions', registers: r }),
    totalConnections: new Counter({ name: 'websocket_total_connections', help: 'WebSocket sessions opened since start', registers: r }),
    activeSubscriptions: new Gauge({ name: 'websocket_active_subscriptions', help: 'Subscriptions across all sessions', registers: r }),
    messagesSent: new Counter({ name: 'websocket_messages_sent_total', help: 'Frames written to clients', registers: r }),
    messagesReceived: new Counter({ name: 'websocket_messages_received_total', help: 'Messages received from clients', registers: r }),
    eventsBroadcast: new Counter({ name: 'websocket_events_broadcast_total', help: 'Events published to the hub', registers: r }),
    eventsDelivered: new Counter({ name: 'websocket_events_delivered_total', help: 'Event frames written to sessions', registers: r }),
    connectionErrors: new Counter({ name: 'websocket_connection_errors_total', help: 'Refused upgrades and socket errors', registers: r }),
    sendErrors: new Counter({ name: 'websocket_send_errors_total', help: 'Writes that failed', registers: r }),
    sessionDuration: new Histogram({
      name: 'websocket_session_duration_seconds', help: 'Session lifetime', registers: r,
      buckets: [1, 10, 60, 300, 1800, 3600, 4 * 3600, 24 * 3600],
    }),
    messageLatency: new Histogram({
      name: 'websocket_message_latency_seconds', help: 'Publish to written to the socket', registers: r,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    }),
    channelUsage: new Gauge({ name: 'websocket_broadcast_channel_usage_ratio', help: 'Journal fill relative to broadcast_capacity', registers: r }),
    eventsDropped: new Counter({ name: 'incident_relay_events_dropped_total', help: 'Events not delivered because a session was closed as a slow consumer', registers: r }),
    slowConsumerCloses: new Counter({ name: 'incident_relay_slow_consumer_closes_total', help: 'Sessions closed with 4001', registers: r }),
    replays: new Counter({ name: 'incident_relay_replays_total', help: 'Replays served for resume_after', labelNames: ['gap'] as const, registers: r }),
    replayedEvents: new Counter({ name: 'incident_relay_replayed_events_total', help: 'Events sent by replays', registers: r }),
    rateLimited: new Counter({ name: 'incident_relay_rate_limited_total', help: 'Client messages refused with rate_limited', registers: r }),
    protocolErrors: new Counter({ name: 'incident_relay_protocol_errors_total', help: 'error frames sent', labelNames: ['code'] as const, registers: r }),
    ingested: new Counter({ name: 'incident_relay_ingest_requests_total', help: 'HTTP ingest requests', labelNames: ['route', 'outcome'] as const, registers: r }),
    serverCloses: new Counter({
      name: 'websocket_server_closes_total', help: 'Sessions the server closed, by close code and reason', labelNames: ['code', 'reason'] as const, registers: r,
    }),
    authFailures: new Counter({ name: 'incident_relay_auth_failures_total', help: 'Requests and upgrades whose token was refused', registers: r }),
    authThrottled: new Counter({ name: 'incident_relay_auth_throttled_total', help: 'Token-bearing requests answered 429 because their remote failed too often', registers: r }),
    refusedRequests: new Counter({ name: 'incident_relay_refused_requests_total', help: 'HTTP requests refused, by kind', labelNames: ['kind'] as const, registers: r }),
    transportConnections: new Gauge({
      name: 'incident_relay_active_connections', help: 'Open sessions by transport (json, msgpack, sse); their sum is websocket_active_connections',
      labelNames: ['transport'] as const, registers: r,
    }),
    transportConnectionsTotal: new Counter({
      name: 'incident_relay_connections_total', help: 'Sessions opened since start, by transport (json, msgpack, sse)', labelNames: ['transport'] as const, registers: r,
    }),
    journalSize: new Gauge({ name: 'incident_relay_journal_events', help: 'Events retained by the journal', registers: r }),
  };
  for (const [code, reason] of SERVER_CLOSE_KINDS) m.serverCloses.inc({ code: String(code), reason }, 0);
  for (const code of ERROR_CODES) m.protocolErrors.inc({ code }, 0);
  for (const kind of ['auth_failed', 'auth_throttled', 'browser_safety']) m.refusedRequests.inc({ kind }, 0);
  for (const transport of ['json', 'msgpack', 'sse']) {
    m.transportConnections.set({ transport }, 0);
    m.transportConnectionsTotal.inc({ transport }, 0);
  }
  m.replays.inc({ gap: 'false' }, 0);
  m.replays.inc({ gap: 'true' }, 0);
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;
