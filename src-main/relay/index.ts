// The relay's public face: start it on a local server, manage upstreams, read their status.
export { startUpstreamRelays, type UpstreamRelays, type UpstreamRelaysOptions, type UpstreamTarget } from './relay.js';
export { toHealth, type UpstreamHealth } from './upstream-health.js';
export type { UpstreamKind } from './incident-owners.js';
export { DEFAULT_RELAY_TIMINGS, resolveTimings, type RelayTimings } from './timings.js';
export {
  RelayUpstreamInputSchema, UpstreamConfigError, defaultUpstreamName, parseUpstream,
  type RelayUpstreamInput, type UpstreamSettings,
} from './upstream-config.js';
export type { UpstreamState, UpstreamStatus } from './upstream-status.js';
export { RELAY_SUBSCRIPTION_ID } from './upstream-connection.js';
export { DEFAULT_MAX_HOPS, type LoopReason } from './loop-guard.js';
export { RELAY_TRACE_FIELD, readTrace, streamIdOf, type RelayTrace } from './relay-trace.js';
export { describeBackfill, type BackfillStatus } from './incident-backfill.js';
export { DEFAULT_FETCH_LIMITS, incidentsBaseUrl, type IncidentFetchLimits } from './incident-fetch.js';
export { trustedCas } from './upstream-socket.js';
