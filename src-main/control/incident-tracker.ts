// What the UI keeps beside each incident: a bounded event timeline, counters, and the acknowledgement and snooze state.
import { lastActor } from '../ingest/index.js';
import { join } from 'node:path';
import { z } from 'zod';
import type { FeedEvent, IncidentSummary } from '../../src-shared/bridge/index.js';
import { TimestampSchema, eventIncident, type Incident } from '../../src-shared/protocol/index.js';
import { readJsonFile, writeJsonFile, type ProblemReporter } from './json-file.js';

export const ONCALL_STATE_FILE = 'ui-incident-state.json';
/** Events kept per incident timeline (the newest). */
export const TIMELINE_LIMIT = 500;
/** Incidents tracked at most; the ones quiet for longest are forgotten first. */
export const TRACKED_INCIDENTS_MAX = 5000;

const OnCallSchema = z.object({
  acknowledgedAt: TimestampSchema.nullable(),
  acknowledgedBy: z.string().nullable(),
  snoozedUntil: TimestampSchema.nullable(),
});
type OnCall = z.infer<typeof OnCallSchema>;
const FileSchema = z.object({ version: z.literal(1), incidents: z.record(z.string(), OnCallSchema) });

interface Tracked {
  timeline: FeedEvent[];
  eventCount: number;
  lastEventAt: string | null;
  /** The upstream the newest event came through (null: published here). */
  upstream: string | null;
}

/** Still waiting for someone: only Detected (Triaged is what an acknowledgement makes it, PROTOCOL 1.1). */
const WAITING_STATES: ReadonlySet<string> = new Set(['Detected']);
const WORKED_ON_STATES: ReadonlySet<string> = new Set(['Investigating', 'Remediating']);
const CLOSED_STATES: ReadonlySet<string> = new Set(['Resolved', 'Closed']);
const EMPTY: OnCall = { acknowledgedAt: null, acknowledgedBy: null, snoozedUntil: null };

export class IncidentTracker {
  private readonly file: string;
  private readonly tracked = new Map<string, Tracked>();
  private readonly oncall = new Map<string, OnCall>();
  private dirty = false;

  /** Tracked incidents last seen resolved/closed, oldest first: at most `closedMax` of them keep a timeline. */
  private readonly closedOrder = new Map<string, true>();

  /** Read at first use: the saved on-call state, then the backfill. */
  private pending: { report: ProblemReporter; backfill?: () => Iterable<[string, FeedEvent]> } | undefined;

  /**
   * `closedMax`: resolved/closed incidents whose timeline is kept (the server's `incident_memory_max`, so the
   * console keeps timelines for what the incident store keeps in memory, not for 5,000 finished incidents).
   * `backfill`: the events (oldest first) that happened before this tracker. The saved state and the backfill are
   * read once, at first use (reading and parsing them was a sizeable share of start-up).
   */
  constructor(dataDir: string, report: ProblemReporter, private readonly now: () => number = Date.now,
    private readonly closedMax: number = TRACKED_INCIDENTS_MAX, backfill?: () => Iterable<[string, FeedEvent]>) {
    this.file = join(dataDir, ONCALL_STATE_FILE);
    this.pending = { report, ...(backfill ? { backfill } : {}) };
  }

  /**
   * Records an event about incident `id` (lower-case). A new or re-opened incident loses an acknowledgement
   * older than the event; a move to Investigating or Remediating made elsewhere counts as acknowledged.
   */
  observe(id: string, fe: FeedEvent): void {
    this.ready();
    this.record(id, fe);
  }

  /** Reads the saved state and observes the backfill, once (every use does it first; a caller may do it ahead of need). */
  ready(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    const stored = readJsonFile(this.file, FileSchema, pending.report);
    for (const [id, state] of Object.entries(stored?.incidents ?? {})) this.oncall.set(id, state);
    for (const [id, fe] of pending.backfill?.() ?? []) this.record(id, fe);
  }

  private record(id: string, fe: FeedEvent): void {
    const t = this.tracked.get(id) ?? { timeline: [], eventCount: 0, lastEventAt: null, upstream: null };
    this.tracked.delete(id);
    this.tracked.set(id, t);
    if (this.tracked.size > TRACKED_INCIDENTS_MAX) this.tracked.delete(this.tracked.keys().next().value!);
    t.timeline.push(fe);
    if (t.timeline.length > TIMELINE_LIMIT) t.timeline.splice(0, t.timeline.length - TIMELINE_LIMIT);
    t.eventCount += 1;
    t.lastEventAt = fe.timestamp;
    t.upstream = fe.upstream;
    const incident = eventIncident(fe.event);
    if (!incident) return;
    this.noteClosed(id, CLOSED_STATES.has(incident.state));
    const cur = this.oncall.get(id);
    const previous = fe.event.event_type === 'incident_updated' ? fe.event.previous_state ?? undefined : undefined;
    const reopened = fe.event.event_type === 'incident_created' || (previous !== undefined && CLOSED_STATES.has(previous));
    if (WAITING_STATES.has(incident.state) && reopened && cur?.acknowledgedAt && cur.acknowledgedAt < fe.timestamp) {
      this.setOnCall(id, { ...cur, acknowledgedAt: null, acknowledgedBy: null });
    } else if (WORKED_ON_STATES.has(incident.state) && !cur?.acknowledgedAt) {
      this.setOnCall(id, { ...(cur ?? EMPTY), acknowledgedAt: fe.timestamp, acknowledgedBy: null });
    }
  }

  /** Writes the acknowledgement and snooze state if it changed since the last write (a backfill not read yet changes none). */
  flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    writeJsonFile(this.file, { version: 1, incidents: Object.fromEntries(this.oncall) });
  }

  acknowledge(id: string, by: string): void {
    this.ready();
    const cur = this.oncall.get(id) ?? EMPTY;
    if (cur.acknowledgedAt) return;
    this.setOnCall(id, { ...cur, acknowledgedAt: new Date(this.now()).toISOString(), acknowledgedBy: by });
    this.flush();
  }

  snooze(id: string, minutes: number): void {
    this.ready();
    const until = new Date(this.now() + minutes * 60_000).toISOString();
    this.setOnCall(id, { ...(this.oncall.get(id) ?? EMPTY), snoozedUntil: until });
    this.flush();
  }

  /** The incident with its on-call state; a snooze that has run out reads as none. */
  summary(incident: Incident): IncidentSummary {
    this.ready();
    const id = incident.id.toLowerCase();
    const t = this.tracked.get(id);
    const o = this.oncall.get(id) ?? EMPTY;
    // Past Detected, someone took it (here or elsewhere): the acknowledge entry of its timeline says who and when.
    const taken = o.acknowledgedAt === null && !WAITING_STATES.has(incident.state);
    const teamAck = taken ? lastActor(incident, 'acknowledge') : undefined;
    const inferredAck = taken ? teamAck?.at ?? incident.updated_at : null;
    const snoozed = o.snoozedUntil !== null && Date.parse(o.snoozedUntil) > this.now() ? o.snoozedUntil : null;
    return {
      incident,
      acknowledgedAt: o.acknowledgedAt ?? inferredAck,
      acknowledgedBy: o.acknowledgedAt ? o.acknowledgedBy : teamAck?.actor ?? null,
      snoozedUntil: snoozed,
      lastEventAt: t?.lastEventAt ?? incident.updated_at,
      eventCount: t?.eventCount ?? 0,
      ...(t ? { upstream: t.upstream } : {}),
    };
  }

  /** The incident's events kept here, oldest first. */
  timeline(id: string): FeedEvent[] {
    this.ready();
    return [...(this.tracked.get(id.toLowerCase())?.timeline ?? [])];
  }

  private noteClosed(id: string, closed: boolean): void {
    this.closedOrder.delete(id);
    if (!closed) return;
    this.closedOrder.set(id, true);
    for (const oldest of this.closedOrder.keys()) {
      if (this.closedOrder.size <= this.closedMax) break;
      this.closedOrder.delete(oldest);
      this.tracked.delete(oldest);
    }
  }

  private setOnCall(id: string, state: OnCall): void {
    this.oncall.delete(id);
    if (state.acknowledgedAt !== null || state.snoozedUntil !== null) this.oncall.set(id, state);
    if (this.oncall.size > TRACKED_INCIDENTS_MAX) this.oncall.delete(this.oncall.keys().next().value!);
    this.dirty = true;
  }
}
