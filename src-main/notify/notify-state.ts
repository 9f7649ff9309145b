// The notification state that survives a restart: changes already notified, acknowledgements, snoozes, reminders, held summaries.
import { z } from 'zod';
import { SEVERITIES } from '../../src-shared/protocol/index.js';
import { DEDUPE_CAPACITY } from './dedupe.js';

/** Version of the state file's shape; another version is read as unusable (start empty, keep the file aside). */
export const NOTIFY_STATE_VERSION = 1;

/** Journal retention by default (`journal_max_age_secs`, 7 days): older changes cannot be replayed with their message id. */
export const DEFAULT_STATE_RETENTION_MS = 7 * 24 * 3_600_000;

/** Longest list of held notifications kept for the summary after a restart. */
export const HELD_CAPACITY = 500;

/** How much of the state is kept. */
export interface NotifyStateLimits {
  /** Remembered changes, acknowledgements and notified incidents older than this are dropped (ms). Default 7 days. */
  retentionMs: number;
  /** Most remembered change keys (the oldest go first). Default `DEDUPE_CAPACITY` (10,000). */
  maxKeys: number;
}

export const DEFAULT_STATE_LIMITS: Readonly<NotifyStateLimits> = { retentionMs: DEFAULT_STATE_RETENTION_MS, maxKeys: DEDUPE_CAPACITY };

const epochMs = z.number().finite();
const text = z.string().max(20_000);
const severity = z.enum(SEVERITIES);
const urgency = z.enum(['low', 'normal', 'critical']);
/** `[key, epoch ms when last seen]`. */
const stampedKey = z.tuple([z.string().max(1000), epochMs]);

const PlannedNotificationSchema = z.object({
  kind: z.enum(['incident', 'escalation', 'alert', 'resolved', 'update', 'reminder', 'summary']),
  title: text, body: text, urgency, label: text, headline: text,
  incidentId: z.string().optional(), severity: severity.optional(), messageId: z.string().optional(),
  actions: z.array(z.enum(['acknowledge', 'snooze_1h', 'open'])).readonly().optional(),
});

export const NotifyStateSchema = z.object({
  version: z.literal(NOTIFY_STATE_VERSION),
  savedAt: epochMs,
  /** Change keys (`dedupe.ts`) that were decided, oldest first. */
  seen: z.array(stampedKey),
  /** Incidents that notified, for the follow-up when they resolve. */
  notified: z.array(stampedKey),
  acknowledgements: z.array(z.object({ incidentId: z.string(), by: text, at: epochMs })),
  snoozeAllUntil: epochMs.optional(),
  incidentSnoozes: z.array(z.object({ incidentId: z.string(), until: epochMs, severity: severity.optional() })),
  reminders: z.array(z.object({ incidentId: z.string(), headline: text, label: text, count: z.number().int().min(0), nextAt: epochMs })),
  /** Notifications waiting for a storm summary when the state was saved. */
  held: z.array(PlannedNotificationSchema),
});

export type NotifyState = z.infer<typeof NotifyStateSchema>;

export function emptyNotifyState(now: number): NotifyState {
  return { version: NOTIFY_STATE_VERSION, savedAt: now, seen: [], notified: [], acknowledgements: [], incidentSnoozes: [], reminders: [], held: [] };
}

/** Drops what can no longer matter: entries older than the retention, expired snoozes, keys past the cap. */
export function pruneNotifyState(state: NotifyState, now: number, limits: NotifyStateLimits = DEFAULT_STATE_LIMITS): NotifyState {
  const since = now - limits.retentionMs;
  const fresh = ([, at]: [string, number]): boolean => at >= since;
  const snoozeAllUntil = state.snoozeAllUntil !== undefined && state.snoozeAllUntil > now ? state.snoozeAllUntil : undefined;
  return {
    ...state,
    seen: state.seen.filter(fresh).slice(-limits.maxKeys),
    notified: state.notified.filter(fresh).slice(-limits.maxKeys),
    acknowledgements: state.acknowledgements.filter((a) => a.at >= since),
    ...(snoozeAllUntil !== undefined ? { snoozeAllUntil } : { snoozeAllUntil: undefined }),
    incidentSnoozes: state.incidentSnoozes.filter((s) => s.until > now),
    held: state.held.slice(0, HELD_CAPACITY),
  };
}
