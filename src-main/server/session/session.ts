// One WebSocket session: its subscriptions, its outbound queue with backpressure, and its liveness.
import { randomUUID } from 'node:crypto';
import type { ServerMessage } from '../../../src-shared/protocol/index.js';
import type { Credentials } from '../auth/credentials.js';
import type { Subscription, MatchCollector } from '../routing/subscription.js';
import type { SessionSocket } from '../transport/socket-port.js';
import { shareFrame, type SharedFrame } from '../transport/frames.js';
import type { WireFormat } from '../transport/socket-port.js';
import { controlFrameFor } from '../transports/control-frames.js';
import { AFTER_EVENTS_PRIORITY, OutboundQueue } from './outbound-queue.js';
import { TokenBucket } from './rate-limiter.js';
import type { BatchNode } from '../hub/batch-trie.js';
import { outOfOrderSuffix } from '../hub/event-framer.js';

/** Bytes buffered in the socket above which further frames wait in the priority queue. */
export const SOCKET_HIGH_WATER_BYTES = 256 * 1024;

export interface SessionHooks {
  /** The queue grew past max_pending_messages. */
  onOverflow(session: Session): void;
  /** An event frame was written after waiting in the queue (for the latency histogram). */
  onQueuedWrite(publishedAt: number): void;
  onWriteError(): void;
}

/** Builds an event's frames (the hub's EventFramer): the variant flagged `out_of_order` is built only when needed. */
export interface FrameSource {
  frameFor(suffix: string, windowBits: number | null, format?: WireFormat): SharedFrame;
}

/** A live event held for a session while it replays; `seq` lets a replay drop what it sends itself. */
export interface HeldEvent { framer: FrameSource; suffix: string; priority: number; publishedAt: number; seq: number }

export class Session implements MatchCollector {
  readonly id = randomUUID();
  readonly subscriptions = new Map<string, Subscription>();
  readonly createdAt: number;
  lastInbound: number;
  matchSeq = 0;
  firstMatch: Subscription | undefined;
  moreMatches: Subscription[] | undefined;
  /** Position acknowledged by the client (`ack`). */
  lastAckedId: string | undefined;
  /** Event frames handed to this session: each earns the client one ack outside the inbound rate limit. */
  eventsSent = 0;
  /** Acks taken outside the rate limit so far (PROTOCOL 1.1 section 3). */
  freeAcks = 0;
  credentials: Credentials;
  readonly rate: TokenBucket;
  /** Replays in progress: live events are held until they finish, so none is lost or repeated. */
  replaying = 0;
  readonly held: HeldEvent[] = [];
  /** Seqs of Critical live events written ahead of the replay in progress (`out_of_order`); the replay skips them. */
  readonly sentAhead = new Set<number>();
  closed = false;
  private readonly queue = new OutboundQueue();
  private batch: BatchNode | undefined;
  private batchBytes = 0;
  private batchFrames = 0;
  private readonly drainWaiters: (() => void)[] = [];

  constructor(
    readonly socket: SessionSocket,
    private readonly maxPending: number,
    private readonly hooks: SessionHooks,
    credentials: Credentials,
    rate: { perSec: number; burst: number },
    now: number,
  ) {
    this.createdAt = now;
    this.lastInbound = now;
    this.credentials = credentials;
    this.rate = new TokenBucket(rate.perSec, rate.burst, now);
  }

  get pending(): number {
    return this.queue.size;
  }

  /** Sends a control message (never compressed); `afterEvents` keeps it behind queued events. */
  sendControl(msg: ServerMessage, afterEvents = false): void {
    const bytes = controlFrameFor(this.socket.format, msg);
    if (bytes === null) return;
    this.enqueueOrWrite(shareFrame(bytes), 0, false, afterEvents ? AFTER_EVENTS_PRIORITY : null);
  }

  /**
   * Writes an event frame now, or queues it by priority when the socket is backed up; true if written now.
   * A frame queued ahead of older events of lower priority is written in its `out_of_order` variant, built from
   * `source` and `suffix` (PROTOCOL 1.1 §5).
   */
  sendEvent(frame: SharedFrame, priority: number, publishedAt: number, source?: FrameSource, suffix?: string): boolean {
    if (this.closed) return false;
    this.eventsSent += 1;
    if (source !== undefined && suffix !== undefined && this.queue.size > 0 && this.queue.wouldOvertake(priority)) {
      frame = source.frameFor(outOfOrderSuffix(suffix), this.socket.deflateWindowBits, this.socket.format);
    }
    return this.enqueueOrWrite(frame, publishedAt, true, priority);
  }

  /**
   * Collects frames for the rest of the current fan-out; the hub calls `flush` at its end (one write per burst).
   * `root` is the fan-out's shared trie: sessions that collect the same frames share one concatenation.
   */
  beginBatch(root: BatchNode): boolean {
    if (this.batch !== undefined || this.closed) return false;
    this.batch = root;
    this.batchBytes = 0;
    this.batchFrames = 0;
    return true;
  }

  /** Writes the frames collected since `beginBatch` in one piece. */
  flush(): void {
    const node = this.batch;
    if (node === undefined) return;
    this.batch = undefined;
    const bytes = this.batchBytes;
    const frames = this.batchFrames;
    this.batchBytes = 0;
    this.batchFrames = 0;
    if (frames === 0 || this.closed) return;
    if (!this.socket.writeFrame(node.bytes(bytes))) this.hooks.onWriteError();
    // Frames that did not fit the batch wait in the queue, which only 'drain' empties; but a loopback socket often
    // takes the whole batch at once, so no 'drain' ever comes. Start draining now.
    if (this.queue.size > 0) this.drain();
  }

  /** Resolves when the outbound queue is empty (at once if it is), or the session closed. */
  whenDrained(): Promise<void> {
    if (this.queue.size === 0 || this.closed) return new Promise((r) => setImmediate(r));
    return new Promise((r) => this.drainWaiters.push(r));
  }

  /** Writes the live events held during a replay, in the order they were published. */
  releaseHeld(): void {
    this.sentAhead.clear();
    const held = this.held.splice(0);
    const bits = this.socket.deflateWindowBits;
    const format = this.socket.format;
    for (const h of held) this.sendEvent(h.framer.frameFor(h.suffix, bits, format), h.priority, h.publishedAt, h.framer, h.suffix);
  }

  /** The socket drained: write queued frames in priority order until it backs up again. */
  drain(): void {
    if (this.closed) return;
    while (this.queue.size > 0 && this.socket.bufferedBytes() < SOCKET_HIGH_WATER_BYTES) {
      const item = this.queue.shift()!;
      if (!this.socket.writeFrame(item.frame)) {
        this.hooks.onWriteError();
        return;
      }
      if (item.isEvent && item.publishedAt > 0) this.hooks.onQueuedWrite(item.publishedAt);
    }
    if (this.queue.size === 0 && this.drainWaiters.length > 0) for (const w of this.drainWaiters.splice(0)) w();
  }

  private enqueueOrWrite(frame: SharedFrame, publishedAt: number, isEvent: boolean, priority: number | null): boolean {
    if (this.closed) return false;
    if (this.queue.size === 0 && this.socket.bufferedBytes() + this.batchBytes < SOCKET_HIGH_WATER_BYTES) {
      if (this.batch !== undefined) {
        this.batch = this.batch.next(frame.id, frame.bytes);
        this.batchBytes += frame.bytes.length;
        this.batchFrames += 1;
        return true;
      }
      if (this.socket.writeFrame(frame.bytes)) return true;
      this.hooks.onWriteError();
      return false;
    }
    this.queue.push({ frame: frame.bytes, publishedAt, isEvent }, priority);
    if (this.queue.size > this.maxPending) this.hooks.onOverflow(this);
    return false;
  }

  /** Drops the backlog, writes `closing` ahead of it, and starts the close handshake. */
  closeWith(msg: ServerMessage, code: number, reason: string): number {
    if (this.closed) return 0;
    this.flush();
    const dropped = this.markClosed();
    const closing = controlFrameFor(this.socket.format, msg);
    if (closing) this.socket.writeFrame(closing);
    this.socket.close(code, reason);
    return dropped;
  }

  /** Stops all delivery; queued frames are dropped (the client resumes from its last ack). */
  markClosed(): number {
    this.closed = true;
    this.batch = undefined;
    this.batchBytes = 0;
    const dropped = this.queue.size;
    this.queue.clear();
    this.held.length = 0;
    this.sentAhead.clear();
    for (const w of this.drainWaiters.splice(0)) w();
    return dropped;
  }
}
