// The node's ordered consumer of the shared stream: hands messages over in stream order, batched per event-loop turn.
import { DeliverPolicy, type ConsumerMessages, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import type { Logger } from '../server/index.js';
import { ConsumerLiveness, isSignOfLife } from './consumer-liveness.js';

/** Pull request expiry (ms); the server sends an idle heartbeat every half of it while a pull waits. */
const PULL_EXPIRES_MS = 4000;
/** Messages requested per pull. */
const PULL_BATCH = 1000;
/** Pause before recreating a consumer that stopped (ms). */
const RESTART_DELAY_MS = 1000;
/** How often the consumer's liveness is checked (ms). */
const LIVENESS_CHECK_MS = 1000;
/** Silence from the consumer's server that proves it gone (ms): three idle heartbeat periods. */
const SILENCE_LIMIT_MS = (PULL_EXPIRES_MS / 2) * 3;

export interface LiveConsumerDeps {
  js: JetStreamClient;
  stream: string;
  logger: Logger;
  /** False while the NATS connection is down: silence then proves nothing. */
  connected(): boolean;
  /** Messages of one turn, in stream order. */
  onMessages(messages: readonly JsMsg[]): void;
  /** Called each time the consumer is recreated (for the metrics). */
  onRestart?(): void;
  /** Overrides the silence limit (ms), for tests. */
  silenceLimitMs?: number;
}

export class LiveConsumer {
  private messages: ConsumerMessages | undefined;
  private batch: JsMsg[] = [];
  private scheduled = false;
  private stopped = false;
  private last: number;
  /** Stream's last seq as the newest message reported it (its seq plus what was still pending). */
  private streamLast: number;
  private readonly liveness: ConsumerLiveness;
  private livenessTimer: NodeJS.Timeout | undefined;
  private restartCount = 0;

  /** Delivers every message with seq > `afterSeq` once `start` runs. */
  constructor(private readonly deps: LiveConsumerDeps, afterSeq: number) {
    this.last = afterSeq;
    this.streamLast = afterSeq;
    this.liveness = new ConsumerLiveness(deps.silenceLimitMs ?? SILENCE_LIMIT_MS);
  }

  /** Seq of the newest message handed over. */
  lastSeq(): number {
    return this.last;
  }

  /** The stream's last seq as far as this consumer knows. */
  knownStreamLast(): number {
    return this.streamLast;
  }

  /** How many times the consumer was recreated since start. */
  restarts(): number {
    return this.restartCount;
  }

  /** Raises what this consumer knows of the stream's end (from publish acks and stream info). */
  noteStreamLast(seq: number): void {
    if (seq > this.streamLast) this.streamLast = seq;
  }

  async start(): Promise<void> {
    if (this.stopped) return;
    const consumer = await this.deps.js.consumers.get(this.deps.stream, {
      deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: this.last + 1,
    });
    const messages = await consumer.consume({
      max_messages: PULL_BATCH, expires: PULL_EXPIRES_MS, callback: (m) => this.take(m),
    });
    this.messages = messages;
    this.liveness.heard();
    void this.watchSignsOfLife(messages);
    void messages.closed().then((err) => this.ended(err));
    this.livenessTimer ??= setInterval(() => this.checkLiveness(), LIVENESS_CHECK_MS).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.livenessTimer) clearInterval(this.livenessTimer);
    await this.messages?.close();
  }

  private async watchSignsOfLife(messages: ConsumerMessages): Promise<void> {
    for await (const n of messages.status()) {
      if (messages === this.messages && isSignOfLife(n)) this.liveness.heard();
    }
  }

  /**
   * The library's ordered consumer is a single-replica consumer on one NATS server. When that server
   * dies, nothing answers for it: the library asks for its info until it hears "not found", which a
   * dead server never says, so it neither delivers nor closes. A consumer whose server stayed silent
   * (no message, heartbeat or pull answer) while the connection was up is closed here; `ended` then
   * recreates it, on a live server, from the last delivered seq.
   */
  private checkLiveness(): void {
    if (this.stopped || !this.messages || !this.liveness.isSilent(this.deps.connected())) return;
    this.deps.logger.warn('cluster: the stream consumer\'s server stopped answering; recreating the consumer', {
      after_seq: this.last, silent_ms: this.liveness.silentFor(),
    });
    const messages = this.messages;
    this.messages = undefined;
    void messages.close();
  }

  private take(m: JsMsg): void {
    this.liveness.heard();
    // The ordered consumer re-delivers from where it was after a reset; never hand over a seq twice.
    if (m.seq <= this.last) return;
    this.last = m.seq;
    this.noteStreamLast(m.seq + m.info.pending);
    this.batch.push(m);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.batch;
    this.batch = [];
    if (batch.length > 0 && !this.stopped) this.deps.onMessages(batch);
  }

  private ended(err: void | Error): void {
    if (this.stopped) return;
    this.messages = undefined;
    this.deps.logger.warn('cluster: the stream consumer stopped; recreating it', { after_seq: this.last, error: err ? err.message : undefined });
    setTimeout(() => {
      this.start().then(() => {
        if (this.stopped) return;
        this.restartCount += 1;
        this.deps.onRestart?.();
      }, (startErr: unknown) => {
        this.deps.logger.warn('cluster: could not recreate the stream consumer', { error: (startErr as Error).message });
        this.ended(startErr as Error);
      });
    }, RESTART_DELAY_MS).unref();
  }
}
