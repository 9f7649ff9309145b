// Cluster mode settings from the relay configuration: NATS servers and credentials, stream, bucket, retention.
import { readFileSync } from 'node:fs';
import { ConfigError, type IncidentMemoryBounds, type AppConfig } from '../server/index.js';
import { regionLayout, type RegionLayout } from './region-layout.js';

export interface ClusterSettings {
  /** `host:port` of each NATS server (credentials taken out). */
  servers: string[];
  user?: string;
  pass?: string;
  token?: string;
  /** Contents of a NATS `.creds` file (JWT + NKey seed). */
  creds?: Uint8Array;
  /** The JetStream stream every node publishes into and consumes. */
  stream: string;
  /** Subjects of its messages are `<subjectPrefix>.<severity or none>.<event_type>`. */
  subjectPrefix: string;
  /** The KV bucket of incident state. */
  bucket: string;
  /** Copies the NATS cluster keeps of the stream and the bucket. */
  replicas: number;
  /** Stream retention: oldest age (seconds), most messages, most bytes. */
  maxAgeSecs: number;
  maxMsgs: number;
  maxBytes: number;
  /** How long one publish may keep retrying for JetStream's acknowledgement (ms). */
  publishTimeoutMs: number;
  /** Newest entries each node keeps in memory for replays, de-duplication and `readAfter`. */
  windowSize: number;
  /** Resolved/closed incidents kept in memory (`incident_memory_secs`, `incident_memory_max`); all of them stay in the bucket. */
  incidentMemory: IncidentMemoryBounds;
  /** Regions: this node's region and the regions it sources (absent: one region, the layout of before). */
  regions?: RegionLayout;
}

/** The default stream's name, and the subject prefix of its messages: `incident-relay.events.<severity or none>.<event_type>`. */
export const DEFAULT_STREAM = 'INCIDENT_RELAY';
export const SUBJECT_PREFIX = 'incident-relay.events';

/**
 * Another stream (a second deployment on the same NATS account, e.g. staging) needs subjects that do
 * not overlap the default's: `incident-relay-<stream>.events.…`.
 */
export function subjectPrefixFor(stream: string): string {
  return stream === DEFAULT_STREAM ? SUBJECT_PREFIX : `incident-relay-${stream}.events`;
}

/** Cluster settings, or undefined when `cluster` is not set (single-node mode). Throws ConfigError naming the key. */
export function clusterSettingsFrom(config: AppConfig): ClusterSettings | undefined {
  if (!config.cluster) {
    if (config.region !== undefined || config.source_regions !== undefined) throw new ConfigError('region/source_regions need cluster mode: set cluster (the NATS URLs of the region)');
    return undefined;
  }
  const urls = parseClusterUrls(config.cluster);
  let creds: Uint8Array | undefined;
  if (config.cluster_creds_file) {
    try {
      creds = readFileSync(config.cluster_creds_file);
    } catch (err) {
      throw new ConfigError(`cluster_creds_file ${config.cluster_creds_file}: ${(err as Error).message}`);
    }
  }
  const regions = regionsFrom(config);
  return {
    ...urls, creds,
    stream: config.cluster_stream,
    subjectPrefix: subjectPrefixFor(config.cluster_stream),
    bucket: regions?.bucket ?? `${config.cluster_stream}_INCIDENTS`,
    replicas: config.cluster_replicas,
    maxAgeSecs: config.journal_max_age_secs,
    maxMsgs: config.journal_max_events,
    maxBytes: config.cluster_max_bytes,
    publishTimeoutMs: config.cluster_publish_timeout_ms,
    windowSize: config.broadcast_capacity,
    incidentMemory: { memorySecs: config.incident_memory_secs, memoryMax: config.incident_memory_max },
    regions,
  };
}

/** The region layout, or undefined without `region`; source regions must be other regions, each once. */
function regionsFrom(config: AppConfig): RegionLayout | undefined {
  if (config.region === undefined) {
    if (config.source_regions !== undefined) throw new ConfigError('source_regions needs region: set the region this node belongs to');
    return undefined;
  }
  const sources = config.source_regions?.split(',') ?? [];
  if (sources.includes(config.region)) throw new ConfigError(`source_regions: "${config.region}" is this node's region; list only the other regions`);
  const twice = sources.find((r, i) => sources.indexOf(r) !== i);
  if (twice !== undefined) throw new ConfigError(`source_regions: "${twice}" is listed twice`);
  return regionLayout(config.cluster_stream, subjectPrefixFor(config.cluster_stream), config.region, sources);
}

/** Parses `nats://[user:pass@|token@]host:port, ...`; every URL must carry the same credentials (or none). */
export function parseClusterUrls(text: string): Pick<ClusterSettings, 'servers' | 'user' | 'pass' | 'token'> {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new ConfigError('cluster: give at least one nats://host:port URL');
  const servers: string[] = [];
  let auth: string | undefined;
  let user: string | undefined;
  let pass: string | undefined;
  for (const raw of parts) {
    const withScheme = /^[a-z]+:\/\//i.test(raw) ? raw : `nats://${raw}`;
    let url: URL;
    try {
      url = new URL(withScheme);
    } catch {
      throw new ConfigError(`cluster: "${redact(raw)}" is not a URL; expected nats://host:port`);
    }
    if (url.protocol !== 'nats:') throw new ConfigError(`cluster: "${redact(raw)}" must be a nats:// URL`);
    if (!url.hostname) throw new ConfigError(`cluster: "${redact(raw)}" names no host`);
    const here = url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined;
    if (here !== undefined) {
      if (auth !== undefined && auth !== here) throw new ConfigError('cluster: the URLs carry different credentials; give the same ones (or put them in one URL only)');
      auth = here;
      user = decodeURIComponent(url.username);
      pass = url.password ? decodeURIComponent(url.password) : undefined;
    }
    servers.push(`${url.hostname}:${url.port || '4222'}`);
  }
  if (user !== undefined && pass === undefined) return { servers, token: user };
  return { servers, user, pass };
}

/** A cluster URL list with credentials replaced by `***`, for logs and the start-up banner. */
export function redact(text: string): string {
  return text.replace(/\/\/[^@/,\s]*@/g, '//***@');
}
