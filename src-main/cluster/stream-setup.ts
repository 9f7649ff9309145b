// Creates (or brings to the configured limits) the shared event stream and the incident KV bucket.
import { createHash } from 'node:crypto';
import { DiscardPolicy, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig, type StreamInfo } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { nanos } from '@nats-io/transport-node';
import type { Logger } from '../server/index.js';
import type { ClusterSettings } from './cluster-settings.js';
import type { NatsLink } from './nats-link.js';

/** JetStream's de-duplication window for `Nats-Msg-Id` (ms): covers a publish retried through a leader election. */
export const DUPLICATE_WINDOW_MS = 120_000;

/** The stream limits the settings ask for. */
export function wantedStreamConfig(s: ClusterSettings): WantedStream {
  return {
    name: s.stream,
    subjects: [`${s.subjectPrefix}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    num_replicas: s.replicas,
    max_age: nanos(s.maxAgeSecs * 1000),
    max_msgs: s.maxMsgs,
    max_bytes: s.maxBytes,
    duplicate_window: nanos(Math.min(DUPLICATE_WINDOW_MS, s.maxAgeSecs * 1000)),
  };
}

/**
 * The stream's identity, the epoch of its message ids: the same on every node, new when the stream is
 * deleted and created again (so ids of the old one are unknown rather than wrong).
 */
export function streamIdentity(info: StreamInfo): string {
  const created = Date.parse(info.created);
  return createHash('sha256').update(`${info.config.name}|${Number.isNaN(created) ? info.created : created}`).digest('hex').slice(0, 12);
}

/** How long start-up waits for JetStream to answer, e.g. while a new NATS cluster elects its leader (ms). */
const JETSTREAM_READY_MS = 30_000;

/**
 * Runs `fn` until it succeeds, retrying while JetStream is not ready yet; throws the last error after the wait.
 * `alsoRetry`: further errors worth waiting out (regions: a replicated stream just created is "not found" for a moment).
 */
export async function whenJetStreamReady<T>(fn: () => Promise<T>, logger: Logger, waitMs = JETSTREAM_READY_MS, alsoRetry?: RegExp): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const msg = (err as Error).message;
      const retryable = /timeout|timed out|no responders|not enabled|unavailable|503|insufficient resources|no suitable peers/i.test(msg) || alsoRetry?.test(msg) === true;
      if (Date.now() > deadline || !retryable) throw err;
      if (attempt === 1) logger.info('cluster: waiting for JetStream', { error: msg });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** The stream config a node wants: its name plus what it sets. */
export type WantedStream = Partial<StreamConfig> & { name: string };

/** Whether a stored stream's limits and replicas differ from the wanted ones (the caller adds what else matters to it). */
export function limitsDiffer(c: StreamConfig, wanted: WantedStream): boolean {
  return c.num_replicas !== wanted.num_replicas || c.max_age !== wanted.max_age || c.max_msgs !== wanted.max_msgs || c.max_bytes !== wanted.max_bytes;
}

/**
 * Creates the stream `wanted` names, or updates it to `wanted` when `differs` says the stored config falls short
 * (kept as it is, with a warning, when the update is refused). Another node creating it at the same moment is fine.
 */
export async function ensureStreamAs(
  jsm: JetStreamManager, wanted: WantedStream, differs: (stored: StreamConfig) => boolean, logger: Logger,
): Promise<StreamInfo> {
  let info: StreamInfo;
  try {
    info = await jsm.streams.info(wanted.name);
  } catch (err) {
    if (!/stream not found/i.test((err as Error).message)) throw err;
    try {
      return await jsm.streams.add(wanted);
    } catch (addErr) {
      if (!/already in use|already exists/i.test((addErr as Error).message)) throw addErr;
      return jsm.streams.info(wanted.name);
    }
  }
  const c = info.config;
  if (!differs(c)) return info;
  try {
    logger.info('cluster: updating the stream to the configured limits', { stream: wanted.name, replicas: wanted.num_replicas });
    return await jsm.streams.update(wanted.name, { ...c, ...wanted });
  } catch (err) {
    logger.warn('cluster: could not update the stream; keeping it as it is', { stream: wanted.name, error: (err as Error).message });
    return info;
  }
}

/** Creates the stream, or updates its limits and replicas when they differ from the settings. */
export function ensureStream(jsm: JetStreamManager, s: ClusterSettings, logger: Logger): Promise<StreamInfo> {
  const wanted = wantedStreamConfig(s);
  return ensureStreamAs(jsm, wanted, (c) => limitsDiffer(c, wanted) || !c.subjects?.includes(`${s.subjectPrefix}.>`), logger);
}

/** Opens (creating if needed) the incident bucket: one value per incident, latest only; brings it to the configured replicas. */
export async function ensureBucket(link: NatsLink, s: ClusterSettings, logger: Logger): Promise<KV> {
  const placement = s.regions ? { placement: { cluster: s.regions.region, tags: [] } } : {};
  const kvm = new Kvm(link.js);
  const kv = await kvm.create(s.bucket, { history: 1, replicas: s.replicas, storage: StorageType.File, ...placement }).catch((err: unknown) => {
    // An earlier attempt that timed out may have created it, with the server's defaults filled in: open that one.
    if (/already in use/i.test((err as Error).message)) return kvm.open(s.bucket);
    throw err;
  });
  const { streamInfo } = await kv.status();
  if (streamInfo.config.num_replicas !== s.replicas) {
    try {
      await link.jsm.streams.update(streamInfo.config.name, { ...streamInfo.config, num_replicas: s.replicas });
    } catch (err) {
      logger.warn('cluster: could not change the bucket\'s replicas', { bucket: s.bucket, error: (err as Error).message });
    }
  }
  return kv;
}
