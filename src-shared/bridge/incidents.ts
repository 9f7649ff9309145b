// Incidents as the on-call UI sees them: the protocol incident plus acknowledgement, snooze and its event timeline.
import { z } from 'zod';
import { IncidentEventSchema, IncidentSchema, TimestampSchema, UuidSchema } from '../protocol/index.js';

/** One published event as the feed and the timelines show it. */
export const FeedEventSchema = z.object({
  messageId: z.string().min(1).max(256),
  /** Publish time. */
  timestamp: TimestampSchema,
  event: IncidentEventSchema,
  /** Ids of the UI subscriptions this event matched. */
  subscriptionIds: z.array(z.string()),
  /** Name of the upstream it was relayed from; null when published locally. */
  upstream: z.string().nullable(),
});
export type FeedEvent = z.infer<typeof FeedEventSchema>;

/** An incident with the on-call state the app keeps beside it. */
export const IncidentSummarySchema = z.object({
  incident: IncidentSchema,
  acknowledgedAt: TimestampSchema.nullable(),
  acknowledgedBy: z.string().nullable(),
  /** Notifications about this incident are held back until then. */
  snoozedUntil: TimestampSchema.nullable(),
  /** Publish time of the newest event about this incident. */
  lastEventAt: TimestampSchema,
  eventCount: z.number().int().nonnegative(),
  /** Name of the upstream its newest relayed event came from; null when published here (absent: not known). */
  upstream: z.string().nullable().optional(),
});
export type IncidentSummary = z.infer<typeof IncidentSummarySchema>;

export const IncidentListRequestSchema = z.object({
  /** Also return Resolved and Closed incidents. */
  includeResolved: z.boolean().default(false),
});
export const IncidentListSchema = z.object({ incidents: z.array(IncidentSummarySchema) });

export const IncidentIdRequestSchema = z.object({ id: UuidSchema });
/** One incident and every journaled event about it, oldest first. */
export const IncidentDetailSchema = z.object({ summary: IncidentSummarySchema, timeline: z.array(FeedEventSchema) });
export type IncidentDetail = z.infer<typeof IncidentDetailSchema>;

export const SNOOZE_MINUTES_MAX = 24 * 60;
export const SnoozeRequestSchema = z.object({
  id: UuidSchema,
  minutes: z.number().int().min(1, 'at least 1 minute').max(SNOOZE_MINUTES_MAX, 'at most 24 hours'),
});
/** Replace the assignees (the whole list; empty unassigns). */
export const AssignRequestSchema = z.object({
  id: UuidSchema,
  assignees: z.array(z.string().trim().min(1, 'a name cannot be empty').max(256)).max(50, 'at most 50 assignees'),
});

export const CommentRequestSchema = z.object({
  id: UuidSchema,
  comment: z.string().trim().min(1, 'write a comment').max(4000, 'at most 4000 characters'),
});

export const ResolveRequestSchema = z.object({
  id: UuidSchema,
  /** Free-text resolution note, stored as the incident's `resolution`. */
  note: z.string().max(2000, 'at most 2000 characters').optional(),
});

export const RECENT_EVENTS_MAX = 20_000;
export const RecentEventsRequestSchema = z.object({
  /** Only events published after this message; null or absent for the newest `limit`. */
  afterMessageId: z.string().max(256).nullish(),
  limit: z.number().int().min(1).max(RECENT_EVENTS_MAX).default(10_000),
});
/** Oldest first; `gap` is true when `afterMessageId` was unknown, or when more than `limit` events followed it and the older ones were left out. */
export const RecentEventsSchema = z.object({ events: z.array(FeedEventSchema), gap: z.boolean() });
