// Writes incident versions to the KV bucket behind the stream: latest per key, compare-and-set on the stream seq.
import type { KV } from '@nats-io/kv';
import type { Logger } from '../server/index.js';
import type { StoredIncident } from './kv-incident-store.js';

/** Keys written at once (each key has at most one write in flight). */
const CONCURRENCY = 32;
/** Compare-and-set rounds per write before giving up on it (a later version of the incident writes again). */
const MAX_ATTEMPTS = 5;
/** Pause before retrying a failed write, e.g. while NATS is unreachable (ms). */
const RETRY_PAUSE_MS = 1000;

export class KvWriter {
  private readonly pending = new Map<string, StoredIncident>();
  private readonly inFlight = new Map<string, StoredIncident>();
  private idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly kv: KV, private readonly logger: Logger) {}

  get pendingCount(): number {
    return this.pending.size + this.inFlight.size;
  }

  /** Records the newest version of `key`; written soon. */
  mark(key: string, value: StoredIncident): void {
    if (this.stopped) return;
    const cur = this.pending.get(key);
    if (cur && cur.seq >= value.seq) return;
    this.pending.set(key, value);
    this.kick();
  }

  /** The newest version of `key` not yet confirmed in the bucket (what a bucket read could still miss). */
  unwritten(key: string): StoredIncident | undefined {
    return this.pending.get(key) ?? this.inFlight.get(key);
  }

  /** Every version not yet confirmed in the bucket, newest per key. */
  *unwrittenEntries(): IterableIterator<[string, StoredIncident]> {
    for (const [key, value] of this.inFlight) if (!this.pending.has(key)) yield [key, value];
    yield* this.pending;
  }

  /** Resolves when nothing is pending or being written. */
  idle(): Promise<void> {
    if (this.pendingCount === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  stop(): void {
    this.stopped = true;
    this.pending.clear();
    this.wakeIdle();
  }

  private kick(): void {
    if (this.stopped) return;
    for (const [key, value] of this.pending) {
      if (this.inFlight.size >= CONCURRENCY) return;
      if (this.inFlight.has(key)) continue;
      this.pending.delete(key);
      this.inFlight.set(key, value);
      this.write(key, value).catch(async (err: unknown) => {
        this.logger.warn('cluster: incident state not written to the bucket; will retry', { incident: key, error: (err as Error).message });
        await new Promise((r) => setTimeout(r, RETRY_PAUSE_MS));
        const newer = this.pending.get(key);
        if (!this.stopped && (!newer || newer.seq < value.seq)) this.pending.set(key, value);
      }).finally(() => {
        this.inFlight.delete(key);
        this.kick();
        this.wakeIdle();
      });
    }
  }

  private wakeIdle(): void {
    if (this.pendingCount > 0 && !this.stopped) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Puts `value` unless the bucket holds a version from the same or a later stream seq. */
  private async write(key: string, value: StoredIncident): Promise<void> {
    const body = JSON.stringify(value);
    for (let attempt = 1; ; attempt++) {
      const cur = await this.kv.get(key);
      try {
        if (!cur) {
          await this.kv.create(key, body);
          return;
        }
        if (cur.operation === 'PUT' && cur.length > 0 && cur.json<StoredIncident>().seq >= value.seq) return;
        await this.kv.update(key, body, cur.revision);
        return;
      } catch (err) {
        // Another node wrote between our read and our write: read again and compare.
        if (!/wrong last sequence|key exists/i.test((err as Error).message) || attempt >= MAX_ATTEMPTS) throw err;
      }
    }
  }
}
