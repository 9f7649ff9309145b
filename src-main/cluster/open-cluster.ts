// Opens cluster mode: NATS connection, stream and bucket, incident snapshot, warm-up, the journal and its metrics.
import { randomBytes } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { Logger } from '../server/index.js';
import { ClusterJournal } from './cluster-journal.js';
import { createClusterMetrics } from './cluster-metrics.js';
import type { ClusterSettings } from './cluster-settings.js';
import { KvIncidentStore } from './kv-incident-store.js';
import { connectNats } from './nats-link.js';
import { StreamPublisher } from './stream-publisher.js';
import { ensureBucket, ensureStream, streamIdentity, whenJetStreamReady } from './stream-setup.js';

/** How often the node reads the stream's bounds (retention, lag while idle) (ms). */
const STREAM_STATE_INTERVAL_MS = 5000;
/** How long shutdown waits for incident writes still in flight (ms). */
const CLOSE_FLUSH_MS = 2000;

export interface OpenedCluster {
  journal: ClusterJournal;
  incidents: KvIncidentStore;
  /** This process's id in the cluster (stamped on the messages it publishes). */
  node: string;
  /** For the start-up banner: servers, stream, replicas (no credentials). */
  where: string;
  /** Adds the cluster metrics to the server's registry. */
  registerMetrics(registry: Registry): void;
  /** The `cluster` section of /health. */
  healthDetails(): Record<string, unknown>;
  /** Stops the consumer, lets bucket writes finish (briefly), closes the NATS connection. Idempotent. */
  close(): Promise<void>;
}

/**
 * Connects and prepares everything before the server starts, so that its first session already sees
 * the incident state and the recent stream. Throws when NATS cannot be reached.
 */
export async function openCluster(settings: ClusterSettings, logger: Logger): Promise<OpenedCluster> {
  const link = await connectNats(settings, logger);
  try {
    const info = await whenJetStreamReady(() => ensureStream(link.jsm, settings, logger), logger);
    const kv = await whenJetStreamReady(() => ensureBucket(link, settings, logger), logger);
    const incidents = new KvIncidentStore(kv, logger, settings.incidentMemory);
    await incidents.load(link.js);
    const node = randomBytes(6).toString('hex');
    const first = Math.max(1, info.state.first_seq);
    const last = info.state.last_seq;
    const warmFrom = Math.max(first, last - settings.windowSize + 1);
    let journal: ClusterJournal | undefined = undefined;
    const metrics = createClusterMetrics({
      connected: () => link.connected(),
      streamLastSeq: () => journal?.streamLastSeq() ?? last,
      consumerSeq: () => journal?.lastSeq() ?? 0,
      pendingBucketWrites: () => incidents.pendingWrites(),
    });
    let wasDown = false;
    link.onChange((up) => {
      if (!up) wasDown = true;
      else if (wasDown) metrics.reconnects.inc();
    });
    const publisher = new StreamPublisher({
      nc: link.nc, subjectPrefix: settings.subjectPrefix, node, timeoutMs: settings.publishTimeoutMs, logger, connected: () => link.connected(), onFailure: () => metrics.publishFailures.inc(),
    });
    journal = new ClusterJournal({
      link, stream: settings.stream, epoch: streamIdentity(info), node, publisher, incidents, logger,
      windowSize: settings.windowSize, firstSeq: first, lastSeq: last, onConsumerRestart: () => metrics.consumerRestarts.inc(),
    }, warmFrom);
    await journal.start();
    const j = journal;
    const timer = setInterval(() => {
      if (!link.connected()) return;
      j.refreshStreamState().catch((err: unknown) => logger.debug('cluster: stream info failed', { error: (err as Error).message }));
    }, STREAM_STATE_INTERVAL_MS);
    timer.unref();
    let closing: Promise<void> | undefined;
    return {
      journal: j, incidents, node,
      where: `NATS ${settings.servers.join(',')}, stream ${settings.stream} (replicas ${settings.replicas}), bucket ${settings.bucket}`,
      registerMetrics: (registry) => metrics.registerOn(registry),
      healthDetails: () => ({
        cluster: {
          connected: link.connected(), stream: settings.stream, node, consumer_seq: j.lastSeq(),
          stream_last_seq: j.streamLastSeq(), lag: Math.max(0, j.streamLastSeq() - j.lastSeq()),
        },
      }),
      close() {
        closing ??= (async () => {
          clearInterval(timer);
          j.close();
          publisher.close();
          await Promise.race([incidents.flushed(), new Promise((r) => setTimeout(r, CLOSE_FLUSH_MS).unref())]);
          incidents.close();
          await link.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    await link.close();
    throw err;
  }
}
