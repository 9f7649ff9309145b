// Publishes journal entries into the shared stream and waits for JetStream's acks, retrying through elections.
import type { NatsConnection } from '@nats-io/transport-node';
import { HttpError, type Logger, type NewJournalEntry } from '../server/index.js';
import { AckPipeline, type StreamAck } from './ack-pipeline.js';
import { entryHeaders, natsSubjectOf } from './entry-codec.js';

/** Wait for one ack before asking again (ms). */
const ACK_TIMEOUT_MS = 3000;
/** Pause between rounds of retries (ms). */
const RETRY_PAUSE_MS = 250;
/** Failures worth retrying: no answer, no JetStream leader yet, a connection that is being replaced. */
const RETRYABLE = /timeout|timed out|no responders|not enabled|unavailable|503|disconnect|reconnect|closed|connection/i;
/** Publishes sent and not yet acknowledged, across all requests of this node: a full batch of 1,000 fits. */
export const MAX_ACKS_IN_FLIGHT = 1024;

export interface StreamPublisherDeps {
  nc: NatsConnection;
  /** Subjects are `<subjectPrefix>.<severity or none>.<event_type>`. */
  subjectPrefix: string;
  /** This node's id, stamped on every message (and the prefix of its message de-duplication ids). */
  node: string;
  /** Total time one `publish` may take (ms). */
  timeoutMs: number;
  logger: Logger;
  /** False while the NATS connection is down: publishes are refused at once. */
  connected(): boolean;
  /** Called for each publish that ends refused (for the metrics). */
  onFailure?(): void;
  /** Regions: put before a relayed event's origin in its `Nats-Msg-Id`, so regions' intakes never share an id. */
  originIdPrefix?: string;
}

export class StreamPublisher {
  private counter = 0;
  private readonly pipeline: AckPipeline;

  constructor(private readonly deps: StreamPublisherDeps) {
    this.pipeline = new AckPipeline(deps.nc, MAX_ACKS_IN_FLIGHT);
  }

  /**
   * Publishes entries in order and resolves with their stream seqs once all are acknowledged.
   * Each carries a `Nats-Msg-Id` (its origin for relayed events), so a retry after a lost ack is
   * stored once; a relayed event another node already stored answers with that one's seq.
   * Rejects with HttpError 503 when NATS is unreachable or the deadline passes. `onStored` hears each ack as it
   * arrives (the entry's index and the ack), before the whole batch is acknowledged.
   */
  async publish(entries: readonly NewJournalEntry[], onStored?: (index: number, ack: StreamAck) => void): Promise<number[]> {
    if (!this.deps.connected()) {
      this.deps.onFailure?.();
      throw this.unavailable('no connection to NATS');
    }
    const deadline = Date.now() + this.deps.timeoutMs;
    const ids = entries.map((e) => (e.origin !== undefined ? `${this.deps.originIdPrefix ?? ''}${e.origin}` : `${this.deps.node}-${++this.counter}`));
    const seqs: number[] = new Array<number>(entries.length);
    let from = 0;
    for (;;) {
      // Pipelined: every message of the round is sent before the first ack is awaited (bounded by MAX_ACKS_IN_FLIGHT).
      const timeout = Math.max(1, Math.min(ACK_TIMEOUT_MS, deadline - Date.now()));
      const round = entries.slice(from).map((e, k) => {
        const acked = this.pipeline.publish(natsSubjectOf(e, this.deps.subjectPrefix), e.eventJson, entryHeaders(e, this.deps.node, ids[from + k]!), timeout);
        return onStored ? acked.then((ack) => { onStored(from + k, ack); return ack; }) : acked;
      });
      const settled = await Promise.allSettled(round);
      const firstFailed = settled.findIndex((r) => r.status === 'rejected');
      settled.forEach((r, k) => {
        if (r.status === 'fulfilled') seqs[from + k] = r.value.seq;
      });
      if (firstFailed === -1) return seqs;
      const err = (settled[firstFailed] as PromiseRejectedResult).reason as Error;
      if (!RETRYABLE.test(err.message)) {
        this.deps.onFailure?.();
        throw new HttpError(500, 'internal_error', `the cluster journal refused the event: ${err.message}`);
      }
      // Retry from the first failure on, in order: those stored already answer as duplicates with their seq.
      from += firstFailed;
      if (Date.now() + RETRY_PAUSE_MS >= deadline) {
        this.deps.onFailure?.();
        throw this.unavailable(`no acknowledgement from JetStream within ${this.deps.timeoutMs} ms (${err.message})`);
      }
      this.deps.logger.debug('cluster: publish not acknowledged; retrying', { error: err.message, left: entries.length - from });
      await new Promise((r) => setTimeout(r, RETRY_PAUSE_MS));
    }
  }

  /** Rejects publishes still waiting for an ack (shutdown). */
  close(): void {
    this.pipeline.close();
  }

  private unavailable(why: string): HttpError {
    return new HttpError(503, 'internal_error', `cluster journal unavailable (${why}); retry later`);
  }
}
