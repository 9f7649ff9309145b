// The event journal port: append published events, find a message id, read what came after it.
import type { IncidentEvent, Priority, Subject } from '../../../src-shared/protocol/index.js';

/** An event as the hub hands it to the journal: everything but the position the journal assigns. */
export interface NewJournalEntry {
  /** Publish time, RFC 3339 UTC. */
  publishedAt: string;
  priority: Priority;
  event: IncidentEvent;
  /** `event.event_type`, kept apart so replay can filter without parsing the stored event. */
  eventType: IncidentEvent['event_type'];
  /** `JSON.stringify(event)`, computed once by the hub. */
  eventJson: string;
  /** Lower-case incident id of the event's subject, if any (for incident history). */
  incidentId?: string;
  /** What the event was matched on at publish time (PROTOCOL.md section 3); replay filters on it. Persist it (e.g. as JSON). */
  subject: Subject;
  /** Upstream identity for relayed events: `<upstream name>|<upstream message_id>`. */
  origin?: string;
}

/** A journaled event with its position. */
export interface JournalEntry extends NewJournalEntry {
  messageId: string;
  /** Strictly increasing within one epoch. */
  seq: number;
}

/**
 * Where a `resume_after` id points: after `seq`, or unknown (another epoch, pruned, never issued). A log that
 * interleaves other logs (regions) may add a `filter`: the entries after `seq` the client already has.
 */
export type ResumePoint = { known: true; seq: number; filter?: ReplayFilter } | { known: false };

/** Which entries after a resume point a replay leaves out, and whether some the client lacks are gone. */
export interface ReplayFilter {
  /** Called for each entry after the point, in order. */
  skip(entry: JournalEntry): boolean;
  /** True when the journal lacks entries the client has not seen (asked once the replay ends). */
  gap(): boolean;
}

/** Hands entries to the hub in journal order; see `Journal.attach`. */
export type JournalDelivery = (entries: readonly JournalEntry[]) => void;

export interface Journal {
  /** Identity of this journal's lifetime; message ids from another epoch are unknown. */
  readonly epoch: string;
  /**
   * Appends in order, all or nothing; returns the entries with their ids. Durable when it returns.
   * A shared journal (cluster mode, one with `attach`) answers with a Promise once the write is
   * acknowledged; it may then refuse with an HttpError (503 while it cannot write).
   */
  append(entries: readonly NewJournalEntry[]): JournalEntry[] | Promise<JournalEntry[]>;
  /** Resolves a client's `resume_after`. */
  locate(messageId: string): ResumePoint;
  /** Up to `limit` entries with seq > `afterSeq`, oldest first (a shared journal: from what it holds in memory). */
  readAfter(afterSeq: number, limit: number): JournalEntry[];
  /** Seq of the oldest retained entry minus one, i.e. where a full replay starts. */
  firstSeq(): number;
  /** Seq of the newest entry (0 when empty). */
  lastSeq(): number;
  /** Number of retained entries. */
  size(): number;
  /** Whether an origin (relayed upstream message) was already journaled. */
  hasOrigin(origin: string): boolean;
  /** The newest journaled origin starting with `prefix` (a relay's `<upstream name>|`), to resume after a restart. */
  lastOrigin(prefix: string): string | undefined;
  close(): void;
  /**
   * Only for a journal shared by several servers (cluster mode). The hub then routes nothing at
   * append time: the journal calls `deliver` with every entry of the shared log, this server's
   * included, in log order, and `lastSeq()` is the last entry delivered.
   */
  attach?(deliver: JournalDelivery): void;
  /** False while appends would be refused (e.g. no connection to the shared log); absent means always. */
  available?(): boolean;
  /**
   * Shared journals: `readAfter` that also fetches what is no longer (or not yet) held in memory.
   * Replay uses it when present.
   */
  fetchAfter?(afterSeq: number, limit: number): Promise<JournalEntry[]>;
  /**
   * Shared journals: when `messageId` was issued by another server and this one has not delivered it
   * yet, a Promise that settles once it has (or after a bounded wait); otherwise undefined.
   * Replay awaits it before `locate`.
   */
  catchUp?(messageId: string): Promise<void> | undefined;
}

/** Message ids are `<epoch>-<seq>`: opaque to clients, unique across restarts, ordered within an epoch. */
export function formatMessageId(epoch: string, seq: number): string {
  return `${epoch}-${seq}`;
}

/**
 * `e` as the journal entry at `seq` with id `messageId`. Fields named one by one: an object spread of the entry, once
 * per appended event, cost 1.5% of a publishing node's CPU.
 */
export function positionedEntry(e: NewJournalEntry, seq: number, messageId: string): JournalEntry {
  return {
    seq, messageId, publishedAt: e.publishedAt, priority: e.priority, event: e.event, eventType: e.eventType,
    eventJson: e.eventJson, incidentId: e.incidentId, subject: e.subject, origin: e.origin,
  };
}

/** Parses an id made by `formatMessageId`; undefined when it is not of that form. */
export function parseMessageId(id: string): { epoch: string; seq: number } | undefined {
  const dash = id.lastIndexOf('-');
  if (dash <= 0) return undefined;
  const seqText = id.slice(dash + 1);
  if (!/^[1-9]\d{0,15}$/.test(seqText)) return undefined;
  return { epoch: id.slice(0, dash), seq: Number(seqText) };
}
