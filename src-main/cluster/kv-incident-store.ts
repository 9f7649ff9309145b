// Incident state in cluster mode: a bounded in-memory set every node derives from the stream, all of it in a JetStream KV bucket.
import { DeliverPolicy, type JetStreamClient } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { eventIncidentId, type Incident, type Severity } from '../../src-shared/protocol/index.js';
import {
  applyToIncidents, DEFAULT_MEMORY_BOUNDS, IncidentMemory, isClosedIncident, queryInMemory, updatedMs,
  type IncidentMemoryBounds, type IncidentQueryResult, type IncidentStore, type IncidentStoreQuery, type JournalEntry, type Logger,
} from '../server/index.js';
import { queryBucket } from './kv-incident-scan.js';
import { readOrdered } from './stream-reader.js';
import { KvWriter } from './kv-writer.js';
import { compareVersions } from './incident-rank.js';

/** A bucket value: the incident and the stream seq of the event that made it so (regions: and the region it came from). */
export interface StoredIncident { seq: number; incident: Incident; region?: string }

/** Events that change the incident as it stands, so they need its current version. */
const needsCurrent = (entry: JournalEntry): boolean => entry.event.event_type === 'escalated' || entry.event.event_type === 'assignment_changed';

/**
 * Every node applies every event of the stream, in stream order, so all nodes hold the same state
 * without asking NATS. The bucket holds every incident and is what a node starting later begins from:
 * the node that published an event writes the incidents it changed (guarded by seq, so a late write
 * never goes back in time). Memory holds every active incident and the recently resolved/closed ones
 * (`incident_memory_secs`/`incident_memory_max`); older ones are read from the bucket on demand
 * (`fetch`, and list queries that can match closed incidents).
 */
export class KvIncidentStore implements IncidentStore {
  private readonly memory: IncidentMemory;
  /** Stream seq of each incident in `memory` (0: changed locally, not from the stream). */
  private readonly seqs = new Map<string, number>();
  /** Regions: the region whose event made each incident in `memory` what it is. */
  private readonly regionOf = new Map<string, string>();
  /** Entries waiting for their incident's bucket read, chained per id so they apply in stream order. */
  private readonly reading = new Map<string, Promise<void>>();
  private readonly writer: KvWriter;
  private js: JetStreamClient | undefined;

  private readonly reachable: () => boolean;

  /** `reachable`: whether NATS is connected now (a read-back then fails at once instead of after the request timeout). */
  constructor(private readonly kv: KV, private readonly logger: Logger, bounds: IncidentMemoryBounds = DEFAULT_MEMORY_BOUNDS,
    options: { clock?: () => number; reachable?: () => boolean } = {}) {
    this.reachable = options.reachable ?? (() => true);
    this.writer = new KvWriter(kv, logger);
    this.memory = new IncidentMemory(bounds, options.clock ?? Date.now, (id) => {
      this.seqs.delete(id);
      this.regionOf.delete(id);
    });
  }

  /** Loads the bucket's latest values into the bounded memory set (at start, before the stream is replayed over them). */
  async load(js: JetStreamClient): Promise<number> {
    this.js = js;
    const status = await this.kv.status();
    if (status.values === 0) return 0;
    const prefix = `$KV.${status.bucket}.`;
    return readOrdered(js, status.streamInfo.config.name, { deliver_policy: DeliverPolicy.LastPerSubject }, status.values, (m) => {
      const op = m.headers?.get('KV-Operation');
      if (op === 'DEL' || op === 'PURGE' || m.data.length === 0) return;
      const value = JSON.parse(new TextDecoder().decode(m.data)) as StoredIncident;
      this.remember(m.subject.slice(prefix.length), value, updatedMs(value.incident));
    });
  }

  /**
   * Applies a stream entry unless the incident already reflects a later one; `own` entries are written to the
   * bucket. Regions (`region` given: where the entry was published): a version that loses to the held one by
   * `compareVersions` is not applied, so every region converges whatever order it sees concurrent updates in.
   */
  applyEntry(entry: JournalEntry, own: boolean, region?: string): void {
    const id = eventIncidentId(entry.event)?.toLowerCase();
    if (id === undefined) return;
    const waiting = this.reading.get(id);
    if (waiting === undefined && !(needsCurrent(entry) && this.get(id) === undefined)) return this.applyNow(entry, own, region);
    // The incident is only in the bucket (evicted): read it back first; later entries for it queue behind.
    const next = (waiting ?? this.fetch(id).then(() => undefined)).then(() => this.applyNow(entry, own, region)).catch((err: unknown) => {
      this.logger.warn('cluster: incident not read back from the bucket; event not applied to it', { incident: id, error: (err as Error).message });
    });
    this.reading.set(id, next);
    void next.finally(() => {
      if (this.reading.get(id) === next) this.reading.delete(id);
    });
  }

  private applyNow(entry: JournalEntry, own: boolean, region: string | undefined): void {
    const id = eventIncidentId(entry.event)?.toLowerCase();
    if (id !== undefined && (this.seqs.get(id) ?? -1) >= entry.seq) return;
    applyToIncidents(entry.event, (i) => {
      const next: StoredIncident = region === undefined ? { seq: entry.seq, incident: i } : { seq: entry.seq, incident: i, region };
      const held = region === undefined ? undefined : this.get(i.id.toLowerCase());
      if (held && compareVersions(next, { incident: held, region: this.regionOf.get(i.id.toLowerCase()) }) < 0) return;
      this.remember(i.id.toLowerCase(), next, updatedMs(i)); // like SQLite: the bucket keeps it, so its age counts
      if (own) this.writer.mark(i.id.toLowerCase(), next);
    }, (key) => this.get(key), entry.publishedAt);
  }

  /** From memory, else a version not yet in the bucket; an evicted incident is `undefined` here (see `fetch`). */
  get(id: string): Incident | undefined {
    return this.memory.get(id) ?? this.writer.unwritten(id)?.incident;
  }

  /**
   * Like `get`, reading an evicted incident back from the bucket; it stays in memory as recently used, within the bounds.
   * Rejects when the bucket cannot be read (NATS not connected, or the read failed): the incident may exist.
   */
  async fetch(id: string): Promise<Incident | undefined> {
    const held = this.get(id);
    if (held) return held;
    if (!this.reachable()) throw new Error('not connected to NATS');
    const entry = await this.kv.get(id);
    if (!entry || entry.operation !== 'PUT' || entry.length === 0) return undefined;
    const value = entry.json<StoredIncident>();
    const now = this.get(id);
    if (now) return now;
    this.remember(id, value);
    return value.incident;
  }

  /** Local only: in cluster mode incident versions come from the stream (`applyEntry`). */
  put(incident: Incident): void {
    const id = incident.id.toLowerCase();
    this.remember(id, { seq: this.seqs.get(id) ?? 0, incident });
  }

  setSeverity(id: string, severity: Severity, at: string): void {
    const cur = this.memory.get(id);
    if (cur) this.remember(id, { seq: this.seqs.get(id) ?? 0, incident: { ...cur, severity, updated_at: at } });
  }

  /** The in-memory set: every active incident and the recent resolved/closed ones. */
  list(): Incident[] {
    return this.memory.current();
  }

  /** Incidents held in memory. */
  size(): number {
    return this.memory.currentSize();
  }

  /**
   * A page of every incident. Every active one is in memory, so a query that only matches active
   * incidents is answered there; any other reads the bucket once, holding only the page.
   */
  query(q: IncidentStoreQuery): IncidentQueryResult | Promise<IncidentQueryResult> {
    this.memory.evict();
    const onlyActive = q.activeOnly || (q.states.length > 0 && q.states.every((s) => !isClosedIncident({ state: s as Incident['state'] })));
    if (onlyActive || !this.js) return queryInMemory(this.memory.values(), q);
    const unwritten = [...this.writer.unwrittenEntries()].filter(([id]) => this.memory.get(id) === undefined).map(([, v]) => v.incident);
    const held = new Set(unwritten.map((i) => i.id.toLowerCase()));
    return queryBucket(this.js, this.kv, q, [...this.memory.values(), ...unwritten], (id) => this.memory.get(id) !== undefined || held.has(id));
  }

  private remember(id: string, value: StoredIncident, closedMs?: number): void {
    this.seqs.set(id, value.seq);
    if (value.region !== undefined) this.regionOf.set(id, value.region);
    this.memory.set(id, value.incident, closedMs);
    if (this.memory.get(id) === undefined) {
      this.seqs.delete(id);
      this.regionOf.delete(id);
    }
  }

  /** Bucket writes not done yet. */
  pendingWrites(): number {
    return this.writer.pendingCount;
  }

  /** Resolves once every marked write was attempted (for shutdown and tests). */
  flushed(): Promise<void> {
    return this.writer.idle();
  }

  close(): void {
    this.writer.stop();
  }
}
