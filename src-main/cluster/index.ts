// Cluster mode in one import: several relay nodes sharing one NATS JetStream stream and KV bucket.
export { openCluster, type OpenedCluster } from './open-cluster.js';
export { clusterSettingsFrom, parseClusterUrls, redact, subjectPrefixFor, DEFAULT_STREAM, SUBJECT_PREFIX, type ClusterSettings } from './cluster-settings.js';
export { ClusterJournal } from './cluster-journal.js';
export { KvIncidentStore, type StoredIncident } from './kv-incident-store.js';
export { natsSubjectOf, HEADER } from './entry-codec.js';
export { streamIdentity, wantedStreamConfig, DUPLICATE_WINDOW_MS } from './stream-setup.js';
