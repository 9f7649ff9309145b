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
import { settledStreamInfo } from './settled-stream.js';
import { ensureBucket, ensureStream, streamIdentity, whenJetStreamReady } from './stream-setup.js';
import { ensureRegionStreams } from './region-streams.js';
import { RegionPositions } from './region-positions.js';
import { RegionLinks } from './region-links.js';

/** How often the node reads the stream's bounds (retention, lag while idle) (ms). */
const STREAM_STATE_INTERVAL_MS = 5000;
/** Regions: how often the node reads its region log's sources (link state and lag) (ms). */
const REGION_LINKS_INTERVAL_MS = 1000;
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
    const layout = settings.regions;
    // Regions: creating streams needs the JetStream meta leader, which a partition may leave out of reach: retried like any start-up wait.
    const info = await whenJetStreamReady(async () => settledStreamInfo(link.jsm.streams,
      await (layout ? ensureRegionStreams(link.jsm, settings, layout, logger) : ensureStream(link.jsm, settings, logger))), logger);
    const stream = layout?.logStream ?? settings.stream;
    const epoch = layout ? `${layout.region}.${streamIdentity(info)}` : streamIdentity(info);
    // Regions place replicated streams in one NATS cluster of several: just created, they answer "not found" for a moment.
    const settling = layout ? /stream not found/i : undefined;
    const kv = await whenJetStreamReady(() => ensureBucket(link, settings, logger), logger, undefined, settling);
    const incidents = new KvIncidentStore(kv, logger, settings.incidentMemory, { reachable: () => link.connected() });
    await whenJetStreamReady(() => incidents.load(link.js), logger, undefined, settling);
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
      nc: link.nc, subjectPrefix: layout ? layout.subjectPrefix(layout.region) : settings.subjectPrefix, node, timeoutMs: settings.publishTimeoutMs,
      logger, connected: () => link.connected(), onFailure: () => metrics.publishFailures.inc(), originIdPrefix: layout ? `${layout.region}|` : undefined,
    });
    let regions: RegionPositions | undefined;
    if (layout) {
      regions = new RegionPositions(layout, epoch, settings.windowSize);
      regions.startFrom(await RegionPositions.vectorAt(link.jsm, layout, first, warmFrom - 1, logger));
    }
    journal = new ClusterJournal({
      link, stream, epoch, node, publisher, incidents, logger, regions, regionLogWaitMs: settings.publishTimeoutMs,
      windowSize: settings.windowSize, firstSeq: first, lastSeq: last, onConsumerRestart: () => metrics.consumerRestarts.inc(),
    }, warmFrom);
    const started = journal;
    await whenJetStreamReady(() => started.start(), logger, undefined, settling);
    const j = journal;
    const timer = setInterval(() => {
      if (!link.connected()) return;
      j.refreshStreamState().catch((err: unknown) => logger.debug('cluster: stream info failed', { error: (err as Error).message }));
    }, STREAM_STATE_INTERVAL_MS);
    timer.unref();
    const links = layout && new RegionLinks(layout);
    const linkTimer = links && setInterval(() => {
      if (!link.connected()) return links.unknown();
      link.jsm.streams.info(stream).then((i) => links.update(i), (err: unknown) => {
        links.unknown();
        logger.debug('cluster: region log info failed', { error: (err as Error).message });
      });
    }, REGION_LINKS_INTERVAL_MS).unref();
    let closing: Promise<void> | undefined;
    return {
      journal: j, incidents, node,
      where: `NATS ${settings.servers.join(',')}, ${layout ? `region ${layout.region} (sources ${layout.sources.join(',') || 'none'}), ` : ''}stream ${stream} (replicas ${settings.replicas}), bucket ${settings.bucket}`,
      registerMetrics(registry) {
        metrics.registerOn(registry);
        links?.registerOn(registry);
      },
      healthDetails: () => ({
        cluster: {
          connected: link.connected(), stream, node, consumer_seq: j.lastSeq(),
          stream_last_seq: j.streamLastSeq(), lag: Math.max(0, j.streamLastSeq() - j.lastSeq()), ...(layout ? { region: layout.region } : {}),
        },
        ...(links ? { regions: links.health() } : {}),
      }),
      close() {
        closing ??= (async () => {
          clearInterval(timer);
          if (linkTimer) clearInterval(linkTimer);
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
