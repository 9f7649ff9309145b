// The node's ordered consumer of the shared stream: hands messages over in stream order, batched per event-loop turn.
import { DeliverPolicy, type ConsumerMessages, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import type { Logger } from '../server/logger.js';

/** Pull request expiry (ms): missed heartbeats (half of it, twice) reveal a dead server within about this long. */
const PULL_EXPIRES_MS = 4000;
/** Messages requested per pull. */
const PULL_BATCH = 1000;
/** Pause before recreating a consumer that stopped (ms). */
const RESTART_DELAY_MS = 1000;
/** Watchdog period (ms), and how many periods without progress while the stream is known to be ahead. */
const WATCHDOG_MS = 1000;
const STALLED_PERIODS = 3;

export interface LiveConsumerDeps {
  js: JetStreamClient;
  stream: string;
  logger: Logger;
  /** Messages of one turn, in stream order. */
  onMessages(messages: readonly JsMsg[]): void;
}

export class LiveConsumer {
  private messages: ConsumerMessages | undefined;
  private batch: JsMsg[] = [];
  private scheduled = false;
  private stopped = false;
  private last: number;
  /** Stream's last seq as the newest message reported it (its seq plus what was still pending). */
  private streamLast: number;
  private watchdog: NodeJS.Timeout | undefined;
  private stalledFor = 0;
  private seenAtLastCheck = 0;

  /** Delivers every message with seq > `afterSeq` once `start` runs. */
  constructor(private readonly deps: LiveConsumerDeps, afterSeq: number) {
    this.last = afterSeq;
    this.streamLast = afterSeq;
  }

  /** Seq of the newest message handed over. */
  lastSeq(): number {
    return this.last;
  }

  /** The stream's last seq as far as this consumer knows. */
  knownStreamLast(): number {
    return this.streamLast;
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
    void messages.closed().then((err) => this.ended(err));
    this.watchdog ??= setInterval(() => this.checkProgress(), WATCHDOG_MS).unref();
  }

  /**
   * The library's ordered consumer recovers from most failures by itself, but after a stream leader change under
   * load it was seen to stall without closing. When the stream is known to be ahead (publish acks) and nothing
   * arrived for a few periods, close it: `ended` then recreates it from the last delivered seq.
   */
  private checkProgress(): void {
    if (this.stopped) return;
    const behind = this.streamLast > this.last;
    this.stalledFor = behind && this.last === this.seenAtLastCheck ? this.stalledFor + 1 : 0;
    this.seenAtLastCheck = this.last;
    if (this.stalledFor < STALLED_PERIODS) return;
    this.stalledFor = 0;
    this.deps.logger.warn('cluster: the stream consumer stalled; recreating it', { after_seq: this.last, stream_last: this.streamLast });
    void this.messages?.close();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.watchdog) clearInterval(this.watchdog);
    await this.messages?.close();
  }

  private take(m: JsMsg): void {
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
    this.deps.logger.warn('cluster: the stream consumer stopped; recreating it', { after_seq: this.last, error: err ? err.message : undefined });
    setTimeout(() => {
      this.start().catch((startErr: unknown) => {
        this.deps.logger.warn('cluster: could not recreate the stream consumer', { error: (startErr as Error).message });
        this.ended(startErr as Error);
      });
    }, RESTART_DELAY_MS).unref();
  }
}
