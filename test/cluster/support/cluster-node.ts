// An Incident Relay node in cluster mode inside the test process: createCoreServer on a ClusterJournal with the incidents API, port 0.
import { clusterSettingsFrom, openCluster, type OpenedCluster } from '../../../src-main/cluster/index.js';
import { createIngest } from '../../../src-main/ingest/index.js';
import { parseConfig } from '../../../src-main/server/config/load.js';
import { createLogger } from '../../../src-main/server/telemetry/logger.js';
import { createCoreServer, type CoreServer } from '../../../src-main/server/server.js';

export const TOKEN = 'cluster-test-token-0123456789abcdef';

export interface ClusterNode {
  server: CoreServer;
  cluster: OpenedCluster;
  url: string;
  wsUrl: string;
  stop(): Promise<void>;
}

const started = new Set<ClusterNode>();

/** Starts a node on `natsUrls` (comma-separated); extra config keys as in the config file. */
export async function startClusterNode(natsUrls: string, extra: Record<string, unknown> = {}): Promise<ClusterNode> {
  const config = parseConfig({ port: 0, publish_token: TOKEN, log_level: 'error', cluster: natsUrls, ...extra });
  const logger = createLogger(config.log_level);
  const cluster = await openCluster(clusterSettingsFrom(config)!, logger);
  const ingest = createIngest(config);
  const server = createCoreServer(config, {
    journal: cluster.journal, incidents: cluster.incidents, logger, publishToken: TOKEN, healthDetails: () => cluster.healthDetails(), alertConverter: ingest.alertConverter,
  });
  ingest.attach(server); // the incidents REST API, as `serve` has it
  cluster.registerMetrics(server.metrics.registry);
  const addr = await server.start();
  let stopping: Promise<void> | undefined;
  const node: ClusterNode = {
    server, cluster, url: addr.url, wsUrl: `${addr.url.replace(/^http/, 'ws')}/ws`,
    stop() {
      stopping ??= (async () => {
        started.delete(node);
        await server.stop();
        ingest.close();
        await cluster.close();
      })();
      return stopping;
    },
  };
  started.add(node);
  return node;
}

/** Stops every node still running (call in afterAll, before stopping NATS). */
export async function stopAllNodes(): Promise<void> {
  await Promise.all([...started].map((n) => n.stop()));
}

/** POST /v1/events with the publish token; resolves with the status and the parsed body. */
/** Longer than the server's cluster_publish_timeout_ms (10 s): a publish must answer 202 or 503 within it. */
const PUBLISH_ANSWER_TIMEOUT_MS = 30_000;

export async function postEvents(baseUrl: string, body: unknown): Promise<{ status: number; body: { message_ids?: string[]; error?: { message: string } } }> {
  const res = await fetch(`${baseUrl}/v1/events`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body),
    // A client gives up on a publish that does not answer; the test then knows which one hung.
    signal: AbortSignal.timeout(PUBLISH_ANSWER_TIMEOUT_MS),
  });
  return { status: res.status, body: (await res.json()) as { message_ids?: string[] } };
}
