// Incident state in cluster mode: a local map every node derives from the stream, persisted in a JetStream KV bucket.
import { DeliverPolicy, type JetStreamClient } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { eventIncidentId, type Incident, type Severity } from '../../src-shared/protocol/index.js';
import { applyToIncidents, queryInMemory, type IncidentQueryResult, type IncidentStore, type IncidentStoreQuery, type JournalEntry, type Logger } from '../server/index.js';
import { readOrdered } from './stream-reader.js';
import { KvWriter } from './kv-writer.js';

/** A bucket value: the incident and the stream seq of the event that made it so. */
export interface StoredIncident { seq: number; incident: Incident }

/**
 * Every node applies every event of the stream, in stream order, so all nodes hold the same state
 * without asking NATS. The bucket is what a node starting later begins from: the node that published
 * an event writes the incidents it changed (guarded by seq, so a late write never goes back in time).
 */
export class KvIncidentStore implements IncidentStore {
  private readonly byId = new Map<string, StoredIncident>();
  private readonly writer: KvWriter;

  constructor(private readonly kv: KV, logger: Logger) {
    this.writer = new KvWriter(kv, logger);
  }

  /** Loads the bucket's latest values (at start, before the stream is replayed over them). */
  async load(js: JetStreamClient): Promise<number> {
    const status = await this.kv.status();
    if (status.values === 0) return 0;
    const prefix = `$KV.${status.bucket}.`;
    return readOrdered(js, status.streamInfo.config.name, { deliver_policy: DeliverPolicy.LastPerSubject }, status.values, (m) => {
      const op = m.headers?.get('KV-Operation');
      if (op === 'DEL' || op === 'PURGE' || m.data.length === 0) return;
      const value = JSON.parse(new TextDecoder().decode(m.data)) as StoredIncident;
      const id = m.subject.slice(prefix.length);
      const cur = this.byId.get(id);
      if (!cur || cur.seq < value.seq) this.byId.set(id, value);
    });
  }

  /** Applies a stream entry unless the incident already reflects a later one; `own` entries are written to the bucket. */
  applyEntry(entry: JournalEntry, own: boolean): void {
    const id = eventIncidentId(entry.event);
    if (id === undefined) return;
    const cur = this.byId.get(id);
    if (cur && cur.seq >= entry.seq) return;
    applyToIncidents(entry.event, (i) => {
      const next = { seq: entry.seq, incident: i };
      this.byId.set(i.id.toLowerCase(), next);
      if (own) this.writer.mark(i.id.toLowerCase(), next);
    }, (key) => this.byId.get(key)?.incident, entry.publishedAt);
  }

  get(id: string): Incident | undefined {
    return this.byId.get(id)?.incident;
  }

  /** Local only: in cluster mode incident versions come from the stream (`applyEntry`). */
  put(incident: Incident): void {
    const id = incident.id.toLowerCase();
    this.byId.set(id, { seq: this.byId.get(id)?.seq ?? 0, incident });
  }

  setSeverity(id: string, severity: Severity, at: string): void {
    const cur = this.byId.get(id);
    if (cur) this.byId.set(id, { seq: cur.seq, incident: { ...cur.incident, severity, updated_at: at } });
  }

  list(): Incident[] {
    return [...this.byId.values()].map((v) => v.incident);
  }

  size(): number {
    return this.byId.size;
  }

  /** Every incident this node derived from the stream is held in memory: the query runs over them. */
  query(q: IncidentStoreQuery): IncidentQueryResult {
    return queryInMemory(this.list(), q);
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
