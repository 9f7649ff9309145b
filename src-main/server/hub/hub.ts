// The hub: publish (journal, incident state) and fan-out of each event to the sessions and in-process subscribers that match it.
import { performance } from 'node:perf_hooks';
import {
  completeEvent, eventIncidentId, PRIORITIES, priorityOf, subjectOf, type Incident, type IncidentEvent, type Subject,
} from '../../../src-shared/protocol/index.js';
import type { IncidentStore } from '../incidents/incident-store.js';
import type { Journal, JournalEntry, NewJournalEntry } from '../journal/journal.js';
import type { Metrics } from '../telemetry/metrics.js';
import { SubscriptionIndex } from '../routing/subscription-index.js';
import { InProcessCollector, type InProcessListener, type InProcessSubscriber } from '../routing/in-process-subscriber.js';
import type { MatchCollector } from '../routing/subscription.js';
import type { Session } from '../session/session.js';
import { outOfOrderSuffix } from './event-framer.js';
import { FrameCache } from './frame-cache.js';
import { suffixFor } from '../routing/subscription.js';
import { BatchNode } from './batch-trie.js';
import type { Logger } from '../telemetry/logger.js';

/** Listener for every published event, in journal order. */
export type EventListener = (entry: JournalEntry) => void;

interface PendingPublish {
  events: readonly IncidentEvent[];
  origins: readonly (string | undefined)[] | undefined;
  startedAt: number;
  resolve(entries: JournalEntry[]): void;
  reject(err: Error): void;
}

export interface HubDeps {
  journal: Journal;
  incidents: IncidentStore;
  metrics: Metrics;
  logger: Logger;
  broadcastCapacity: number;
}

/** Applies an event to the known incident state (an overlay while a batch is being prepared). */
export function applyToIncidents(e: IncidentEvent, put: (i: Incident) => void, get: (id: string) => Incident | undefined, at: string): void {
  switch (e.event_type) {
    case 'incident_created': case 'incident_updated': case 'incident_resolved': case 'incident_closed':
      put(e.incident);
      return;
    case 'escalated': {
      const cur = get(e.incident_id.toLowerCase());
      if (cur) put({ ...cur, severity: e.to_severity, updated_at: at });
      return;
    }
    case 'assignment_changed': {
      const cur = get(e.incident_id.toLowerCase());
      if (cur) put({ ...cur, assignees: e.assignees, updated_at: at });
      return;
    }
    default:
  }
}

/** The journal entry for one event: its subject (as the incidents stand) and priority; applies it to the overlay. */
function toNewEntry(
  event: IncidentEvent, origin: string | undefined, publishedAt: string,
  get: (id: string) => Incident | undefined, put: (i: Incident) => void,
): NewJournalEntry {
  const subject: Subject = subjectOf(event, get);
  applyToIncidents(event, put, get, publishedAt);
  return {
    publishedAt, priority: priorityOf(event), event, eventType: event.event_type, eventJson: JSON.stringify(event),
    incidentId: eventIncidentId(event), subject, origin,
  };
}

export class Hub {
  readonly sessions = new Set<Session>();
  readonly index = new SubscriptionIndex();
  /** Recent events' frames, shared by live fan-out and replays. */
  readonly frames = new FrameCache();
  private readonly listeners = new Set<EventListener>();
  private readonly inProcess = new Set<InProcessCollector>();
  /** Negative, so index queries outside routing never collide with an event's seq. */
  private lastQuerySeq = 0;
  private pending: PendingPublish[] = [];
  private scheduled = false;
  private batching: Session[] = [];
  private batchRoot = new BatchNode(undefined, undefined);
  totalPublished = 0;
  totalDelivered = 0;
  /** A shared (cluster) journal: publishes only append; routing happens in `deliver`, in log order. */
  private readonly streamed: boolean;

  constructor(private readonly deps: HubDeps) {
    this.streamed = typeof deps.journal.attach === 'function';
    deps.journal.attach?.((entries) => this.deliver(entries));
  }

  get journal(): Journal {
    return this.deps.journal;
  }

  get incidents(): IncidentStore {
    return this.deps.incidents;
  }

  /** Registers a listener for every published event; returns its removal. */
  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Registers an in-process subscriber: its filters are filed in the routing index, and `listener` receives every
   * published event (in journal order, among the `onEvent` listeners) with the ids of its filters the event matched.
   */
  subscribeInProcess(listener: InProcessListener): InProcessSubscriber {
    const collector = new InProcessCollector(this.index, () => --this.lastQuerySeq, listener, (c) => {
      this.inProcess.delete(c);
      this.listeners.delete(relay);
    });
    const relay: EventListener = (entry) => listener(entry, collector.takeMatches(entry.seq));
    this.inProcess.add(collector);
    this.listeners.add(relay);
    return collector;
  }

  /** Subscriptions of `/ws` sessions in the index (in-process ones excluded). */
  get sessionSubscriptionCount(): number {
    let inProcess = 0;
    for (const c of this.inProcess) inProcess += c.size;
    return this.index.size - inProcess;
  }

  /**
   * Publishes validated events, in order. Resolves once they are journaled (durable for a durable journal)
   * and written to (or queued for) every matching session. Publishes of one tick share one journal transaction.
   */
  publish(events: readonly IncidentEvent[], origins?: readonly (string | undefined)[]): Promise<JournalEntry[]> {
    if (events.length === 0) return Promise.resolve([]);
    // Stored, journaled and sent with every field the Rust types require, whoever built the event (PROTOCOL 1.1 §4).
    const complete = events.map(completeEvent);
    return new Promise((resolve, reject) => {
      this.pending.push({ events: complete, origins, startedAt: performance.now(), resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Journals every pending publish in one append, then routes each event. */
  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    if (this.streamed) {
      this.appendToSharedLog(batch);
      return;
    }
    const { overlay, get, put } = this.incidentOverlay();
    const publishedAt = new Date().toISOString();
    const news: NewJournalEntry[] = [];
    for (const p of batch) {
      p.events.forEach((event, k) => news.push(toNewEntry(event, p.origins?.[k], publishedAt, get, put)));
    }
    let appended: JournalEntry[];
    try {
      appended = this.deps.journal.append(news) as JournalEntry[];
    } catch (err) {
      this.deps.logger.error('journal append failed; publish refused', { error: (err as Error).message, events: news.length });
      for (const p of batch) p.reject(err as Error);
      return;
    }
    for (const inc of overlay.values()) this.deps.incidents.put(inc);
    let offset = 0;
    for (const p of batch) {
      const mine = appended.slice(offset, offset + p.events.length);
      offset += p.events.length;
      for (const entry of mine) this.route(entry, p.startedAt);
      p.resolve(mine);
    }
    this.finishFanOut(appended);
  }

  /** Changes to incidents made while a batch is prepared, seen by later events of the batch, kept only if it commits. */
  private incidentOverlay() {
    const overlay = new Map<string, Incident>();
    const get = (id: string) => overlay.get(id) ?? this.deps.incidents.get(id);
    const put = (i: Incident) => overlay.set(i.id.toLowerCase(), i);
    return { overlay, get, put };
  }

  /** After routing: one write per batching session, counters, then the in-process listeners in order. */
  private finishFanOut(entries: readonly JournalEntry[]): void {
    for (const s of this.batching) s.flush();
    this.batching = [];
    this.batchRoot = new BatchNode(undefined, undefined);
    this.totalPublished += entries.length;
    this.deps.metrics.eventsBroadcast.inc(entries.length);
    this.deps.metrics.channelUsage.set(Math.min(1, this.deps.journal.size() / this.deps.broadcastCapacity));
    this.deps.metrics.journalSize.set(this.deps.journal.size());
    for (const entry of entries) this.notify(entry);
    for (const c of this.inProcess) c.endFanOut();
  }

  /**
   * Cluster mode: appends each publish of the tick on its own (one refused publish fails only its own
   * request) and resolves it once the shared log acknowledged it. Incident state and routing follow
   * from `deliver`, in log order, on every server alike.
   */
  private appendToSharedLog(batch: readonly PendingPublish[]): void {
    const { get, put } = this.incidentOverlay();
    const publishedAt = new Date().toISOString();
    for (const p of batch) {
      const news = p.events.map((event, k) => toNewEntry(event, p.origins?.[k], publishedAt, get, put));
      const refused = (err: unknown) => {
        this.deps.logger.warn('shared journal refused a publish', { error: (err as Error).message, events: news.length });
        p.reject(err as Error);
      };
      try {
        Promise.resolve(this.deps.journal.append(news)).then(p.resolve, refused);
      } catch (err) {
        refused(err);
      }
    }
  }

  /**
   * Entry point of a shared journal (`Journal.attach`): routes entries of the shared log, whichever
   * server published them, and tells the listeners, in log order.
   */
  deliver(entries: readonly JournalEntry[]): void {
    if (entries.length === 0) return;
    const startedAt = performance.now();
    for (const entry of entries) this.route(entry, startedAt);
    this.finishFanOut(entries);
  }

  private notify(entry: JournalEntry): void {
    for (const l of this.listeners) {
      try {
        l(entry);
      } catch (err) {
        this.deps.logger.error('event listener failed', { error: (err as Error).message, message_id: entry.messageId });
      }
    }
  }

  /**
   * Finds matching subscriptions through the index and writes the event's shared frame to each matched session;
   * in-process subscribers keep their matches until the listeners run (`finishFanOut`).
   */
  private route(entry: JournalEntry, startedAt: number): void {
    const seq = entry.seq;
    const touched: Session[] = [];
    let inProcess: InProcessCollector[] | undefined;
    this.index.forEachMatch(seq, entry.eventType, entry.subject, (sub) => {
      sub.matched += 1;
      const owner: MatchCollector = sub.owner;
      if (owner.matchSeq !== seq) {
        owner.matchSeq = seq;
        owner.firstMatch = sub;
        owner.moreMatches = undefined;
        if (owner instanceof InProcessCollector) (inProcess ??= []).push(owner);
        else touched.push(owner as Session);
      } else {
        (owner.moreMatches ??= []).push(sub);
      }
    });
    if (inProcess) for (const c of inProcess) c.keepMatches(seq);
    if (touched.length === 0) return;
    const framer = this.frames.framerFor(entry);
    let written = 0;
    for (const s of touched) {
      if (s.closed) continue;
      const suffix = suffixFor(s.firstMatch!, s.moreMatches);
      const bits = s.socket.deflateWindowBits;
      const format = s.socket.format;
      if (s.replaying > 0) {
        if (entry.priority !== PRIORITIES.critical) {
          s.held.push({ framer, suffix, priority: entry.priority, publishedAt: startedAt, seq });
          continue;
        }
        // PROTOCOL 1.1 §5: a Critical event does not wait behind a replay; written now, flagged, never again.
        s.sentAhead.add(seq);
        if (s.sendEvent(framer.frameFor(outOfOrderSuffix(suffix), bits, format), entry.priority, startedAt)) written += 1;
        continue;
      }
      if (s.beginBatch(this.batchRoot)) this.batching.push(s);
      if (s.sendEvent(framer.frameFor(suffix, bits, format), entry.priority, startedAt, framer, suffix)) written += 1;
    }
    this.totalDelivered += touched.length;
    this.deps.metrics.eventsDelivered.inc(touched.length);
    this.deps.metrics.messagesSent.inc(touched.length);
    if (written > 0) this.deps.metrics.messageLatency.observe((performance.now() - startedAt) / 1000);
  }
}
