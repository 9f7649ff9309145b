// The node's NATS connection: connects with the cluster settings, reconnects forever, and tracks whether it is up.
import { connect, credsAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { Logger } from '../server/index.js';
import type { ClusterSettings } from './cluster-settings.js';

/** Pause between reconnect attempts (ms); the client adds jitter. */
const RECONNECT_WAIT_MS = 500;
/** How long the first connection may take before start-up fails (ms). */
const FIRST_CONNECT_TIMEOUT_MS = 5000;

export interface NatsLink {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  /** True while the connection is up (false from a disconnect until the reconnect). */
  connected(): boolean;
  /** Reconnections since start. */
  reconnects(): number;
  /** Runs `fn` on every change of `connected()`; returns its removal. */
  onChange(fn: (connected: boolean) => void): () => void;
  /** Drains nothing: closes the connection (pending publishes fail). */
  close(): Promise<void>;
}

/** Connects to the first reachable server; throws an Error naming the servers when none answers. */
export async function connectNats(settings: ClusterSettings, logger: Logger): Promise<NatsLink> {
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: settings.servers,
      name: 'incident-relay',
      user: settings.user,
      pass: settings.pass,
      token: settings.token,
      authenticator: settings.creds ? credsAuthenticator(settings.creds) : undefined,
      timeout: FIRST_CONNECT_TIMEOUT_MS,
      maxReconnectAttempts: -1,
      reconnectTimeWait: RECONNECT_WAIT_MS,
      pingInterval: 10_000,
      maxPingOut: 2,
    });
  } catch (err) {
    throw new Error(`cluster: cannot connect to NATS at ${settings.servers.join(', ')}: ${(err as Error).message}`, { cause: err });
  }
  const js = jetstream(nc, { timeout: 5000 });
  // No API check here: a new NATS cluster may still be electing its JetStream leader (start-up waits for it).
  const jsm = await jetstreamManager(nc, { timeout: 5000, checkAPI: false });
  let up = true;
  let reconnects = 0;
  const listeners = new Set<(connected: boolean) => void>();
  const set = (next: boolean) => {
    if (next === up) return;
    up = next;
    for (const l of listeners) l(next);
  };
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') {
        logger.warn('cluster: lost the NATS connection; reconnecting', { server: s.server });
        set(false);
      } else if (s.type === 'reconnect') {
        reconnects += 1;
        logger.info('cluster: reconnected to NATS', { server: s.server });
        set(true);
      } else if (s.type === 'error') {
        logger.warn('cluster: NATS error', { error: s.error.message });
      } else if (s.type === 'close') {
        set(false);
      }
    }
  })();
  return {
    nc, js, jsm,
    connected: () => up && !nc.isClosed(),
    reconnects: () => reconnects,
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    async close() {
      if (nc.isClosed()) return;
      await nc.close();
    },
  };
}
