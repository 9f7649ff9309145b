// The durable write-back outbox: actions waiting for an unreachable upstream, kept in the data dir across restarts.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile, type ProblemReporter } from '../../control/json-file.js';
import type { UpstreamAction } from './upstream-request.js';

export const OUTBOX_FILE = 'writeback-outbox.json';
/** Dropped entries kept for the UI and /health (newest); pending ones are never dropped for space. */
const DROPPED_KEPT = 50;

const ActionSchema = z.object({ action: z.enum(['acknowledge', 'unacknowledge', 'assign', 'comment', 'resolve']), input: z.looseObject({ actor: z.string() }) });

const EntrySchema = z.object({
  id: z.string(),
  incident_id: z.string(),
  upstream: z.string(),
  action: ActionSchema,
  created_at: z.string(),
  attempts: z.number().int().min(0),
  /** ISO time of the next attempt (pending only). */
  next_retry_at: z.string().nullable(),
  last_error: z.string().nullable(),
  status: z.enum(['pending', 'dropped']),
  /** Why it was dropped. */
  reason: z.string().nullable(),
});
export type OutboxEntry = z.infer<typeof EntrySchema>;

const FileSchema = z.object({ version: z.literal(1), entries: z.array(EntrySchema) });

const OPPOSITE: Partial<Record<UpstreamAction['action'], UpstreamAction['action']>> = { acknowledge: 'unacknowledge', unacknowledge: 'acknowledge' };

export class Outbox {
  private entries: OutboxEntry[];
  private readonly path: string;

  constructor(dataDir: string, private readonly report: ProblemReporter) {
    this.path = join(dataDir, OUTBOX_FILE);
    this.entries = readJsonFile(this.path, FileSchema, report)?.entries ?? [];
  }

  /**
   * Queues an action (written to disk before it returns). A pending action of the same kind on the same incident is
   * replaced (the newest input wins: every action is a whole new state, so sending it once is enough); a pending
   * opposite (acknowledge vs. un-acknowledge) cancels out with it, leaving nothing to send.
   */
  add(incidentId: string, upstream: string, action: UpstreamAction, reason: string, retryAt: Date, now: Date): OutboxEntry | undefined {
    const key = incidentId.toLowerCase();
    const same = (e: OutboxEntry, kind: string) => e.status === 'pending' && e.incident_id === key && e.upstream === upstream && e.action.action === kind;
    const opposite = OPPOSITE[action.action];
    if (opposite && this.entries.some((e) => same(e, opposite))) {
      this.entries = this.entries.filter((e) => !same(e, opposite));
      this.save();
      return undefined;
    }
    const kept = action.action === 'comment' ? this.entries : this.entries.filter((e) => !same(e, action.action));
    const entry: OutboxEntry = {
      id: randomUUID(), incident_id: key, upstream, action: action as OutboxEntry['action'], created_at: now.toISOString(), attempts: 1,
      next_retry_at: retryAt.toISOString(), last_error: reason, status: 'pending', reason: null,
    };
    this.entries = [...kept, entry];
    this.save();
    return entry;
  }

  pending(): OutboxEntry[] {
    return this.entries.filter((e) => e.status === 'pending');
  }

  /** Pending entries whose retry time has come (oldest first), or all pending ones of `upstream` when given. */
  due(now: Date, upstream?: string): OutboxEntry[] {
    return this.pending().filter((e) => (upstream !== undefined ? e.upstream === upstream : Date.parse(e.next_retry_at ?? '') <= now.getTime()));
  }

  /** The upstream took it: forgotten. */
  applied(id: string): void {
    this.entries = this.entries.filter((e) => e.id !== id);
    this.save();
  }

  /** Still unreachable: one more attempt counted, next one at `retryAt`. */
  retryLater(id: string, error: string, retryAt: Date): void {
    this.update(id, (e) => ({ ...e, attempts: e.attempts + 1, last_error: error, next_retry_at: retryAt.toISOString() }));
  }

  /** Never to be sent (refused, resolved meanwhile, upstream removed): kept with the reason for the UI. */
  drop(id: string, reason: string): void {
    this.update(id, (e) => ({ ...e, status: 'dropped', reason, next_retry_at: null }));
    const dropped = this.entries.filter((e) => e.status === 'dropped');
    if (dropped.length > DROPPED_KEPT) {
      const forget = new Set(dropped.slice(0, dropped.length - DROPPED_KEPT).map((e) => e.id));
      this.entries = this.entries.filter((e) => !forget.has(e.id));
    }
    this.save();
  }

  /** Every entry, pending and dropped, oldest first. */
  list(): OutboxEntry[] {
    return [...this.entries];
  }

  private update(id: string, change: (e: OutboxEntry) => OutboxEntry): void {
    this.entries = this.entries.map((e) => (e.id === id ? change(e) : e));
    this.save();
  }

  private save(): void {
    try {
      writeJsonFile(this.path, { version: 1, entries: this.entries });
    } catch (err) {
      this.report('saving the write-back outbox failed', { file: this.path, error: (err as Error).message });
      throw err;
    }
  }
}
