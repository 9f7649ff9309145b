// Reads a just-created stream's info until its `created` time (the epoch of message ids) has stopped changing.
import type { StreamInfo } from '@nats-io/jetstream';

/** After this long no competing create can still change a stream's `created` (ms). */
export const STREAM_SETTLE_MS = 2_000;
const MAX_ROUNDS = 5;

export interface StreamInfoReader {
  info(name: string): Promise<StreamInfo>;
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Two nodes creating the same stream at once each get their create proposed; JetStream applies both, and for a few
 * milliseconds the nodes can read different `created` times (measured: 39 ms apart under load, so different epochs
 * and ids one node did not know from the other). A stream older than STREAM_SETTLE_MS is answered at once; a younger
 * one is read again once it is that old, until two reads agree.
 */
export async function settledStreamInfo(streams: StreamInfoReader, first: StreamInfo, now: () => number = Date.now, wait = pause): Promise<StreamInfo> {
  let info = first;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const created = Date.parse(info.created);
    const age = Number.isNaN(created) ? 0 : now() - created;
    if (round === 0 && age >= STREAM_SETTLE_MS) return info;
    await wait(Math.min(STREAM_SETTLE_MS, Math.max(250, STREAM_SETTLE_MS - age)));
    const again = await streams.info(info.config.name);
    if (again.created === info.created) return again;
    info = again;
  }
  return info;
}
