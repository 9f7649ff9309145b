// Cluster mode metrics: NATS connection, stream end, this node's consumer position, lag and restarts, failed publishes.
import { Counter, Gauge, type Registry } from 'prom-client';

/** What the gauges read when /metrics is scraped. */
export interface ClusterGaugeSource {
  connected(): boolean;
  streamLastSeq(): number;
  consumerSeq(): number;
  pendingBucketWrites(): number;
}

export interface ClusterMetrics {
  publishFailures: Counter;
  reconnects: Counter;
  consumerRestarts: Counter;
  /** Adds every cluster metric to the server's registry (served at /metrics). */
  registerOn(registry: Registry): void;
}

export function createClusterMetrics(src: ClusterGaugeSource): ClusterMetrics {
  const gauge = (name: string, help: string, read: () => number) => new Gauge({
    name, help, registers: [],
    collect() {
      this.set(read());
    },
  });
  const all = [
    gauge('incident_relay_cluster_connected', '1 while the node is connected to NATS, else 0', () => (src.connected() ? 1 : 0)),
    gauge('incident_relay_cluster_stream_last_seq', 'Newest sequence of the shared stream known to this node', () => src.streamLastSeq()),
    gauge('incident_relay_cluster_consumer_seq', 'Sequence of the last stream entry this node delivered to its sessions', () => src.consumerSeq()),
    gauge('incident_relay_cluster_consumer_lag', 'Stream entries not yet delivered by this node (stream last seq minus consumer seq)',
      () => Math.max(0, src.streamLastSeq() - src.consumerSeq())),
    gauge('incident_relay_cluster_kv_pending_writes', 'Incident versions waiting to be written to the KV bucket', () => src.pendingBucketWrites()),
  ];
  const publishFailures = new Counter({ name: 'incident_relay_cluster_publish_failures_total', help: 'Publishes refused because JetStream did not acknowledge them', registers: [] });
  const reconnects = new Counter({ name: 'incident_relay_cluster_reconnects_total', help: 'Reconnections to NATS', registers: [] });
  const consumerRestarts = new Counter({
    name: 'incident_relay_cluster_consumer_restarts_total', help: 'Times this node recreated its stream consumer (it stopped, or its NATS server went silent)', registers: [],
  });
  return {
    publishFailures, reconnects, consumerRestarts,
    registerOn(registry) {
      for (const m of [...all, publishFailures, reconnects, consumerRestarts]) registry.registerMetric(m);
    },
  };
}
