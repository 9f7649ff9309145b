// Fan-out of bridge pushes to every open stream: events and incident changes batched per tick, the rest sent at once.
import { PUSH_BATCH_MAX, type FeedEvent, type IncidentSummary, type PushName, type PushOf } from '../../src-shared/bridge/index.js';

export type PushListener = <E extends PushName>(event: E, payload: PushOf<E>) => void;

export interface PushHubOptions {
  /** The latest summary of an incident when its batch goes out (undefined: unknown, skipped). */
  summaryOf(lowerCaseId: string): IncidentSummary | undefined;
  /** Batching tick (default 50 ms). */
  tickMs?: number;
  onListenerError?(err: unknown): void;
}

export class PushHub {
  private readonly listeners = new Set<PushListener>();
  private events: FeedEvent[] = [];
  private incidentIds = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly tickMs: number;

  constructor(private readonly opts: PushHubOptions) {
    this.tickMs = opts.tickMs ?? 50;
  }

  /** Starts delivering pushes to `listener`; returns the function that stops it. */
  subscribe(listener: PushListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Queues a published event for the next batch. */
  event(fe: FeedEvent): void {
    if (this.listeners.size === 0) return;
    this.events.push(fe);
    this.schedule();
  }

  /** Queues an incident whose object or on-call state changed; its latest version goes out with the next batch. */
  incident(lowerCaseId: string): void {
    if (this.listeners.size === 0) return;
    this.incidentIds.add(lowerCaseId);
    this.schedule();
  }

  send<E extends PushName>(event: E, payload: PushOf<E>): void {
    for (const l of [...this.listeners]) {
      try {
        l(event, payload);
      } catch (err) {
        this.opts.onListenerError?.(err);
      }
    }
  }

  /** Sends what is queued now (also used by tests). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const events = this.events;
    const ids = this.incidentIds;
    this.events = [];
    this.incidentIds = new Set();
    for (let k = 0; k < events.length; k += PUSH_BATCH_MAX) this.send('push:events', { events: events.slice(k, k + PUSH_BATCH_MAX) });
    const incidents: IncidentSummary[] = [];
    for (const id of ids) {
      const s = this.opts.summaryOf(id);
      if (s) incidents.push(s);
    }
    for (let k = 0; k < incidents.length; k += PUSH_BATCH_MAX) this.send('push:incidents', { incidents: incidents.slice(k, k + PUSH_BATCH_MAX) });
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
    this.events = [];
    this.incidentIds.clear();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.tickMs);
    this.timer.unref();
  }
}
