// Bounded reads of a JetStream stream through a short-lived ordered consumer: replays older than memory, snapshots.
import type { JetStreamClient, JsMsg, OrderedConsumerOptions } from '@nats-io/jetstream';

/** A read that receives nothing for this long ends with what it has (ms). */
const IDLE_MS = 3000;

/**
 * Reads messages of `stream` from the position `from` describes, oldest first, until `limit` were
 * read or the stream has no more (the last one read reports nothing pending). Resolves with the count.
 */
export async function readOrdered(
  js: JetStreamClient, stream: string, from: Partial<OrderedConsumerOptions>, limit: number, onMessage: (m: JsMsg) => void,
): Promise<number> {
  if (limit <= 0) return 0;
  const consumer = await js.consumers.get(stream, from);
  const messages = await consumer.consume({ max_messages: Math.min(limit, 1000) });
  let read = 0;
  let idle: NodeJS.Timeout | undefined;
  const armIdle = () => {
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => messages.stop(), IDLE_MS);
  };
  armIdle();
  try {
    for await (const m of messages) {
      armIdle();
      onMessage(m);
      read += 1;
      if (read >= limit || m.info.pending === 0) break;
    }
  } finally {
    if (idle) clearTimeout(idle);
    messages.stop();
  }
  return read;
}
