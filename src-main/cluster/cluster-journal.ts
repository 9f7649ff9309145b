// The Journal port on a JetStream stream shared by every node: append = publish + ack, delivery = the node's consumer.
import { DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import {
  type Journal, type JournalDelivery, type JournalEntry, type Logger, type NewJournalEntry, parseMessageId, type ResumePoint,
} from '../server/index.js';
import { decodeEntry } from './entry-codec.js';
import { EntryWindow } from './entry-window.js';
import type { KvIncidentStore } from './kv-incident-store.js';
import { LiveConsumer } from './live-consumer.js';
import { OwnEntries, positioned } from './own-entries.js';
import type { NatsLink } from './nats-link.js';
import { readOrdered } from './stream-reader.js';
import type { StreamPublisher } from './stream-publisher.js';
import { DeliveryWaiters } from './delivery-waiters.js';
import { parseRegionId } from './region-ids.js';
import { RegionPositions, type RegionEntry } from './region-positions.js';
import { RegionAppends } from './region-appends.js';
import { resumeForeign } from './region-resume.js';

/** JetStream's header on a sourced message: `<source stream> <its seq there>`. */
const SOURCE_HEADER = 'Nats-Stream-Source';
/** How long a publish waits for this node to deliver its own events after the ack (ms); it resolves anyway then. */
const OWN_DELIVERY_WAIT_MS = 5000;
/** How long a replay waits for this node to catch up with an id another node issued (ms). */
const CATCH_UP_WAIT_MS = 5000;
/** Start-up waits at most this long to read the newest `windowSize` entries of the stream into memory (ms). */
const WARM_UP_WAIT_MS = 60_000;

export interface ClusterJournalDeps {
  link: NatsLink;
  stream: string;
  /** The stream's identity: the epoch of message ids. */
  epoch: string;
  node: string;
  publisher: StreamPublisher;
  incidents: KvIncidentStore;
  logger: Logger;
  windowSize: number;
  /** Stream state when the node started: seqs of its first and last retained messages (first > last when empty). */
  firstSeq: number;
  lastSeq: number;
  /** Called each time the node's stream consumer is recreated (for the metrics). */
  onConsumerRestart?(): void;
  /** Regions: the stream is this region's log, publishes go to its intake; ids carry each region's position. */
  regions?: RegionPositions;
  /** Regions: how long a publish waits for its event to reach the region log before answering 503 (ms). */
  regionLogWaitMs?: number;
}

export class ClusterJournal implements Journal {
  readonly epoch: string;
  private readonly window: EntryWindow;
  private readonly consumer: LiveConsumer;
  private readonly waiters = new DeliveryWaiters();
  /** Regions: publishes go to the intake and wait for their log position. */
  private readonly regionAppends: RegionAppends | undefined;
  private deliver: JournalDelivery | undefined;
  /** What this node published, taken instead of decoding its messages (single stream; regions stamp what they deliver). */
  private readonly own: OwnEntries;
  /** Seq of the oldest message the stream retains, as last read (retention moves it). */
  private first: number;
  /** Seq of the last entry handed to the hub (or taken in during warm-up): `lastSeq()`. Messages received but not yet handed over are not counted. */
  private delivered: number;
  private closed = false;

  constructor(private readonly deps: ClusterJournalDeps, warmFrom: number) {
    this.epoch = deps.epoch;
    this.first = deps.firstSeq;
    this.delivered = warmFrom - 1;
    this.window = new EntryWindow(deps.windowSize, warmFrom);
    this.own = new OwnEntries(deps.epoch);
    this.consumer = new LiveConsumer({
      js: deps.link.js, stream: deps.stream, logger: deps.logger, connected: () => deps.link.connected(),
      onMessages: (ms) => this.onMessages(ms), onRestart: deps.onConsumerRestart,
    }, warmFrom - 1);
    this.consumer.noteStreamLast(deps.lastSeq);
    this.regionAppends = deps.regions && new RegionAppends(deps.regions, deps.publisher, deps.regionLogWaitMs ?? OWN_DELIVERY_WAIT_MS);
  }

  /** Starts consuming; resolves once the entries that were in the stream at start are in memory. */
  async start(): Promise<void> {
    await this.consumer.start();
    const target = this.deps.lastSeq;
    if (this.delivered < target) await this.waiters.until(target, WARM_UP_WAIT_MS);
  }

  attach(deliver: JournalDelivery): void {
    this.deliver = deliver;
  }

  available(): boolean {
    return !this.closed && this.deps.link.connected();
  }

  async append(batch: readonly NewJournalEntry[]): Promise<JournalEntry[]> {
    if (this.closed) throw new Error('cluster journal is closed');
    if (this.regionAppends) return this.regionAppends.append(batch);
    const seqs = await this.deps.publisher.publish(batch, (k, ack) => {
      if (!this.closed) this.own.remember(batch[k]!, ack.seq, ack.duplicate, this.delivered);
    });
    const last = Math.max(...seqs);
    this.consumer.noteStreamLast(last);
    // Resolve once this node's own consumer delivered them: its listeners and incident state then include them.
    if (this.delivered < last) await this.waiters.until(last, OWN_DELIVERY_WAIT_MS);
    return batch.map((e, k) => positioned(e, this.epoch, seqs[k]!));
  }

  /** The seq and epoch of an id this journal could have issued (region ids carry a vector after `~`). */
  private parseOwn(messageId: string): { epoch: string; seq: number } | undefined {
    return this.deps.regions ? parseRegionId(messageId) : parseMessageId(messageId);
  }

  locate(messageId: string): ResumePoint {
    const foreign = this.deps.regions ? this.locateForeign(messageId, this.deps.regions) : undefined;
    if (foreign) return foreign;
    const p = this.parseOwn(messageId);
    if (!p || p.epoch !== this.epoch || p.seq > this.lastSeq() || p.seq < this.firstSeq()) return { known: false };
    return { known: true, seq: p.seq };
  }

  /** An id another region issued: a position here from what the client has of each region (undefined: not such an id). */
  private locateForeign(messageId: string, regions: RegionPositions): ResumePoint | undefined {
    const id = parseRegionId(messageId);
    if (!id || id.region === regions.layout.region) return undefined;
    const first = this.firstSeq();
    return resumeForeign(id, {
      held: this.window.entries.readAfter(first, this.deps.windowSize), heldFromStart: this.window.covers(first),
      firstSeq: first, lastSeq: this.lastSeq(), newest: regions.vectorNow(),
    });
  }

  catchUp(messageId: string): Promise<void> | undefined {
    const p = this.parseOwn(messageId);
    if (!p || p.epoch !== this.epoch || p.seq <= this.lastSeq()) return undefined;
    return (async () => {
      try {
        if (p.seq > this.consumer.knownStreamLast()) await this.refreshStreamState();
      } catch (err) {
        this.deps.logger.debug('cluster: stream info failed; resuming with what this node has', { error: (err as Error).message });
      }
      if (p.seq <= this.consumer.knownStreamLast() && p.seq > this.delivered) await this.waiters.until(p.seq, CATCH_UP_WAIT_MS);
    })();
  }

  readAfter(afterSeq: number, limit: number): JournalEntry[] {
    if (!(Number.isInteger(limit) && limit >= 1)) throw new RangeError(`readAfter limit must be a positive integer, got ${limit}`);
    return this.window.entries.readAfter(afterSeq, limit);
  }

  async fetchAfter(afterSeq: number, limit: number): Promise<JournalEntry[]> {
    if (this.window.covers(afterSeq)) return this.readAfter(afterSeq, limit);
    const out: JournalEntry[] = [];
    const upTo = this.lastSeq();
    // Regions: entries read back get their coordinates and ids from the vector as of `afterSeq`.
    const regions = this.deps.regions;
    const scratch = regions && await RegionPositions.readingFrom(this.deps.link.jsm, regions.layout, this.epoch, this.first, afterSeq, this.deps.logger);
    await readOrdered(this.deps.link.js, this.deps.stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: afterSeq + 1 }, limit, (m) => {
      const d = m.seq <= upTo ? decodeEntry(m, this.epoch, (id) => this.deps.incidents.get(id)) : undefined;
      if (d) out.push(scratch ? scratch.stamp(d.entry, m.headers?.get(SOURCE_HEADER)) : d.entry);
    });
    return out;
  }

  firstSeq(): number {
    return Math.min(this.first - 1, this.lastSeq());
  }

  lastSeq(): number {
    return this.delivered;
  }

  /** How many times this node's stream consumer was recreated since start. */
  consumerRestarts(): number {
    return this.consumer.restarts();
  }

  /** The stream's last seq as this node knows it (from acks, deliveries and stream info). */
  streamLastSeq(): number {
    return this.consumer.knownStreamLast();
  }

  size(): number {
    return Math.max(0, this.lastSeq() - this.firstSeq());
  }

  hasOrigin(origin: string): boolean {
    return this.window.entries.hasOrigin(origin);
  }

  lastOrigin(prefix: string): string | undefined {
    return this.window.entries.lastOrigin(prefix);
  }

  /** Reads the stream's first and last seq from JetStream (retention moves the first). */
  async refreshStreamState(): Promise<void> {
    const info = await this.deps.link.jsm.streams.info(this.deps.stream);
    this.first = Math.max(1, info.state.first_seq);
    this.consumer.noteStreamLast(info.state.last_seq);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.waiters.releaseAll();
    this.own.clear();
    this.regionAppends?.close();
    void this.consumer.stop().catch((err: unknown) => this.deps.logger.warn('cluster: stopping the consumer failed', { error: (err as Error).message }));
  }

  private onMessages(messages: readonly JsMsg[]): void {
    const entries: JournalEntry[] = [];
    const regions = this.deps.regions;
    for (const m of messages) {
      const own = regions ? undefined : this.own.take(m.seq);
      const d = own ? { entry: own, node: this.deps.node } : decodeEntry(m, this.epoch, (id) => this.deps.incidents.get(id));
      if (!d) {
        this.deps.logger.warn('cluster: skipped a stream message that is not a protocol event', { seq: m.seq, subject: m.subject });
        continue;
      }
      const entry: RegionEntry = regions ? regions.stamp(d.entry, m.headers?.get(SOURCE_HEADER)) : d.entry;
      // Regions: a relayed event that another region relayed too is delivered once (the first copy in this log).
      if (regions && entry.origin !== undefined && this.window.entries.hasOrigin(entry.origin)) continue;
      // Regions: every node of the region writes what came from other regions (compare-and-set keeps one write).
      const fromElsewhere = regions !== undefined && entry.coordinate !== undefined && entry.coordinate.region !== regions.layout.region;
      this.deps.incidents.applyEntry(entry, d.node === this.deps.node || fromElsewhere, entry.coordinate?.region);
      this.window.push(entry);
      entries.push(entry);
    }
    // Set in the same turn as the hub routes them: a replay's horizon never includes an entry not yet routed.
    this.delivered = messages[messages.length - 1]!.seq;
    if (this.deliver && !this.closed && entries.length > 0) this.deliver(entries);
    this.own.forgetUpTo(this.delivered);
    this.waiters.reached(this.delivered);
    this.regionAppends?.delivered();
  }
}
