// The server's configuration: one zod schema with the guide's names, defaults and units (PROTOCOL.md section 9).
import { z } from 'zod';
import { SEVERITIES } from '../../../src-shared/protocol/index.js';
import { EscalationConfigSchema } from '../../../src-shared/escalation-settings.js';

const port = z.number().int().min(0).max(65535);
const positiveInt = z.number().int().positive();

export const UpstreamConfigSchema = z.object({
  /** ws:// or wss:// URL of the remote instance's /ws endpoint. */
  url: z.string().regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL'),
  name: z.string().min(1).max(64).optional(),
  token: z.string().optional(),
  filters: z.record(z.string(), z.unknown()).optional(),
  /** Extra CA certificate file (PEM) trusted for this wss:// upstream, besides the system CAs. */
  ca_file: z.string().min(1).optional(),
  /** Offer MessagePack (PROTOCOL 1.1 §1) for smaller frames; an upstream without it is read as JSON after one refused handshake. */
  msgpack: z.boolean().optional(),
});

export const ConfigSchema = z.object({
  /** Address to bind; non-loopback needs auth or `insecure`. */
  host: z.string().min(1).default('127.0.0.1'),
  /** TCP port; 0 picks a free one. */
  port: port.default(8080),
  /** Per-session queue of unsent events before the slow-consumer close (messages). */
  max_pending_messages: positiveInt.default(1000),
  /** Seconds between WebSocket ping frames. */
  heartbeat_interval_secs: positiveInt.default(30),
  /** Seconds without inbound traffic before close 4000. */
  session_timeout_secs: positiveInt.default(300),
  /** Seconds between idle-session sweeps. */
  cleanup_interval_secs: positiveInt.default(60),
  /** Events retained by the in-memory journal (and the broadcast usage ratio's denominator). */
  broadcast_capacity: positiveInt.default(10000),
  /** Negotiate permessage-deflate (server_no_context_takeover; each event compressed once). */
  enable_compression: z.boolean().default(true),
  /**
   * Whether replayed events are deflated on a compressed session: `auto` deflates them except for clients on a
   * loopback address (where bytes cost nothing and the client's per-message inflate is most of a replay's time).
   */
  replay_compression: z.enum(['auto', 'always', 'never']).default('auto'),
  /** Concurrent WebSocket sessions; beyond it the upgrade is closed with 1013. */
  max_connections: positiveInt.default(10000),
  max_subscriptions_per_session: positiveInt.default(100),
  /** Largest inbound frame after decompression (bytes); larger closes with 1009. */
  max_payload_bytes: positiveInt.default(65536),
  /** Largest HTTP request body (bytes). */
  max_http_body_bytes: positiveInt.default(1024 * 1024),
  /** Per-session inbound messages per second (token bucket rate) and burst. */
  rate_limit_messages_per_sec: positiveInt.default(200),
  rate_limit_burst: positiveInt.default(400),
  /** Refusals in a row (without the bucket refilling) before close 1008. */
  rate_limit_max_violations: positiveInt.default(50),
  /** Extra Host header names accepted besides loopback ones. */
  allowed_hosts: z.array(z.string()).default([]),
  /** Extra browser origins accepted besides the server's own and loopback ones (exact, e.g. https://oncall.example.com). */
  allowed_origins: z.array(z.string()).default([]),
  /** Where the publish token and the journal live; default: the user's data directory. */
  data_dir: z.string().optional(),
  /** Publish token; when unset, generated on first start and kept in `data_dir/publish-token` (mode 0600). */
  publish_token: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Static API tokens with their scopes, e.g. {"token": "…", "scopes": ["subscribe"]}. */
  api_tokens: z.array(z.object({ token: z.string().min(16), scopes: z.array(z.enum(['subscribe', 'publish', 'respond', 'admin'])) })).default([]),
  /** On a loopback bind, require the `subscribe` scope for /ws and /metrics. */
  require_auth_for_read: z.boolean().default(false),
  /** Allow a non-loopback bind without auth (logs a warning). */
  insecure: z.boolean().default(false),
  /** Journal: `sqlite` (durable, default), `memory` (lost on restart). */
  journal: z.enum(['sqlite', 'memory']).default('sqlite'),
  /** Journal file; default `<data_dir>/journal.sqlite3`. */
  journal_file: z.string().optional(),
  /** Journal retention: most events kept, and oldest age (seconds). */
  journal_max_events: positiveInt.default(1_000_000),
  journal_max_age_secs: positiveInt.default(7 * 24 * 3600),
  /** Incidents in memory: every active one, plus resolved/closed ones for this long (seconds) or up to this many, whichever is smaller. */
  incident_memory_secs: positiveInt.default(24 * 3600),
  incident_memory_max: z.number().int().nonnegative().default(10_000),
  /** Days a resolved/closed incident stays in the journal file after its last update; active ones are kept. */
  incident_retention_days: positiveInt.default(30),
  /** Remote instances to relay. */
  upstreams: z.array(UpstreamConfigSchema).default([]),
  /** An upstream whose events arrive later than this after their publication is `lagging` (seconds). */
  relay_lag_warn_secs: positiveInt.default(30),
  /** Seconds between reconcile rounds of the incidents held from each upstream against its REST API, while connected. */
  reconcile_interval_secs: positiveInt.default(60),
  /** Raise OS notifications for P0/P1 (headless: notify-send on Linux, node-notifier elsewhere). */
  notify: z.boolean().default(false),
  /** "Not receiving" guard (with `notify`): an upstream down, or the heartbeat alert unseen, this long raises one notification. */
  stale_after_secs: z.int().min(10).max(86_400).default(120),
  /** Labels of an always-firing heartbeat alert (Alertmanager's Watchdog), as `k=v[,k=v]`; unset: no heartbeat check. */
  heartbeat_alert: z.string().regex(/^[\w.-]+=[^,=]+(,[\w.-]+=[^,=]+)*$/, 'must be label=value[,label=value], e.g. alertname=Watchdog').optional(),
  /** Escalation of unacknowledged P0/P1 incidents to phones (ntfy, Gotify) or a signed webhook; see the README. Unset: none. */
  escalation: EscalationConfigSchema.optional(),
  /** Log level for the JSON-lines logger on stderr. */
  log_level: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** JWT: the one accepted signing algorithm; unset turns JWT auth off. HS256 needs `jwt_secret(_file)`, the others a key or JWKS file. */
  jwt_algorithm: z.enum(['HS256', 'RS256', 'ES256', 'EdDSA']).optional(),
  /** HS256 shared secret (at least 32 characters); prefer `jwt_secret_file`, since flags show in `ps`. */
  jwt_secret: z.string().min(32, 'must be at least 32 characters').optional(),
  /** File holding the HS256 shared secret (surrounding whitespace trimmed). */
  jwt_secret_file: z.string().min(1).optional(),
  /** PEM public key (SPKI, `-----BEGIN PUBLIC KEY-----`) for RS256/ES256/EdDSA. */
  jwt_public_key_file: z.string().min(1).optional(),
  /** JWKS file (`{"keys":[...]}`) for RS256/ES256/EdDSA; the token's `kid` picks the key. */
  jwt_jwks_file: z.string().min(1).optional(),
  /** Required `aud` claim, when set. */
  jwt_audience: z.string().min(1).optional(),
  /** Required `iss` claim, when set. */
  jwt_issuer: z.string().min(1).optional(),
  /** Clock skew allowed on `exp`/`nbf`/`iat` (seconds); a session lives until `exp` plus this. */
  jwt_clock_tolerance_secs: z.number().int().min(0).max(300).default(30),
  /** TLS certificate chain (PEM) for headless mode; with `tls_key_file` the server speaks https:// and wss://. */
  tls_cert_file: z.string().min(1).optional(),
  /** TLS private key (PEM) matching `tls_cert_file`. */
  tls_key_file: z.string().min(1).optional(),
  /** A TCP connection must complete its TLS handshake and HTTP request or WebSocket upgrade within this (ms), or it is closed. */
  handshake_timeout_ms: positiveInt.default(10_000),
  /**
   * Connections still in that phase at once; one more sheds the OLDEST pending one (idle or trickling sockets go, new
   * arrivals get in). Sized so that a 1,000-client reconnect storm plus hundreds of stalled sockets all fit.
   */
  max_pending_handshakes: positiveInt.default(2048),
  /** New TCP connections accepted per second (server-wide token bucket, burst of one second's worth); beyond it they are closed at once. */
  max_connections_per_sec: positiveInt.default(2000),
  /** Refused tokens one remote address may have at once before further refusals answer 429 (5 a second are earned back). */
  failed_auth_burst: positiveInt.default(50),
  /** Alertmanager `severity` label values (case-insensitive) → P0..P4, merged over the built-in table (emergency→P0, critical→P1, error→P2, warning→P3, info→P4; see the README). */
  alertmanager_severity_map: z.record(z.string(), z.enum(SEVERITIES)).default({}),
  /** Severity of an Alertmanager alert with no valid `priority` label and a `severity` label that is missing or not in the map. */
  alertmanager_default_severity: z.enum(SEVERITIES).default('P3'),
  /** Alert label names whose values become the incident's `affected_resources`, in this order. */
  alertmanager_resource_labels: z.array(z.string().min(1)).max(50).default(['service', 'job', 'instance', 'namespace', 'pod']),
  /** Alertmanager base URL (`http://host:9093`): acknowledging an incident from its webhook silences the alert there (API v2). */
  alertmanager_url: z.string().url().refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL').optional(),
  /** How long a silence made by an acknowledgement lasts; extended while the alert keeps firing. Default 4 h. */
  ack_silence_secs: positiveInt.default(4 * 3600),
  /** `POST /v1/alerts`: alerts this severe or more (P0 is the most severe) become incidents; the others only publish `alert_received`. */
  alert_incident_min_severity: z.enum(SEVERITIES).default('P2'),
  /** Cluster mode: comma-separated NATS URLs (`nats://[user:pass@|token@]host:port`); set, the nodes share one JetStream stream instead of a local journal. */
  cluster: z.string().min(1).optional(),
  /** Cluster mode: a NATS `.creds` file (JWT and NKey seed), instead of credentials in the URLs. */
  cluster_creds_file: z.string().min(1).optional(),
  /** Cluster mode: the JetStream stream all nodes share; incident state lives in the KV bucket `<stream>_INCIDENTS`. */
  cluster_stream: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "_" or "-"').default('INCIDENT_RELAY'),
  /** Cluster mode: copies NATS keeps of the stream and the bucket (1 for one NATS server, 3 for a three-server cluster). */
  cluster_replicas: z.number().int().min(1).max(5).default(1),
  /** Cluster mode: stream retention by size (bytes), besides `journal_max_events` and `journal_max_age_secs`. */
  cluster_max_bytes: positiveInt.default(1024 * 1024 * 1024),
  /** Cluster mode: how long a publish keeps retrying for JetStream's acknowledgement, e.g. through a leader election (ms); then 503. */
  cluster_publish_timeout_ms: positiveInt.default(10_000),
  /** Regions (cluster mode on a NATS supercluster): this node's region, also the NATS cluster name its streams are placed in. */
  region: z.string().regex(/^[a-z0-9-]{1,32}$/, 'must be 1-32 lower-case letters, digits or "-"').optional(),
  /** Regions: comma-separated regions whose events this region sources (e.g. `us,ap`). */
  source_regions: z.string().regex(/^[a-z0-9-]{1,32}(,[a-z0-9-]{1,32})*$/, 'must be comma-separated region names (lower-case letters, digits, "-")').optional(),
}).strict();

export type AppConfig = Readonly<z.infer<typeof ConfigSchema>>;
export type ConfigInput = z.input<typeof ConfigSchema>;
export type UpstreamConfig = z.infer<typeof UpstreamConfigSchema>;
export type ConfigKey = keyof z.infer<typeof ConfigSchema>;

/** Keys whose values are lists or objects: given as JSON in environment variables and flags. */
export const STRUCTURED_KEYS: ReadonlySet<string> = new Set(['allowed_hosts', 'allowed_origins', 'api_tokens', 'upstreams', 'alertmanager_severity_map', 'alertmanager_resource_labels']);
