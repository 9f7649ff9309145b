// Why an incident did (or did not) page: its notification decisions, each with its path, and their verdicts in words.
import { z } from 'zod';

export const WHY_STAGES = ['settings', 'rule', 'scope', 'dedupe', 'snooze', 'quiet_hours', 'severity', 'storm', 'delivery', 'fallback', 'action', 'escalation'] as const;
export const WHY_OUTCOMES = ['pass', 'hold', 'drop', 'fail'] as const;

/** One step of a decision: `pass` went on, `hold` kept back (may show later), `drop` not shown, `fail` the channel failed. */
export const WhyStepSchema = z.object({
  stage: z.enum(WHY_STAGES),
  outcome: z.enum(WHY_OUTCOMES),
  detail: z.string(),
  /** Epoch ms. */
  at: z.number(),
});

export const WhyRecordSchema = z.object({
  /** Journal message id of the event; absent for reminders. */
  messageId: z.string().optional(),
  incidentId: z.string().optional(),
  eventType: z.string(),
  severity: z.string().optional(),
  /** The notification's title, when one was planned. */
  title: z.string().optional(),
  /** shown, storm_held, not_matched, duplicate, disabled, snoozed, incident_snoozed, quiet_hours, reminder. */
  decision: z.string(),
  steps: z.array(WhyStepSchema),
});

/** The answer of `notifications:why` (the same as `GET /v1/incidents/:id/why`). */
export const IncidentWhySchema = z.object({
  id: z.string(),
  /** `off` when this server does not run notifications (then `decisions` is empty). */
  notifications: z.enum(['on', 'off']),
  /** Oldest first; the last 5,000 decisions of the server are kept, not across a restart. */
  decisions: z.array(WhyRecordSchema),
});
export type IncidentWhy = z.infer<typeof IncidentWhySchema>;
export type WhyRecordView = z.infer<typeof WhyRecordSchema>;

/** A decision's outcome in words (what `incident-relay why` and the detail pane print). */
export const WHY_VERDICTS: Readonly<Record<string, string>> = {
  shown: 'paged', storm_held: 'held for a storm summary', not_matched: 'not paged: no rule matched', duplicate: 'not paged: duplicate',
  disabled: 'not paged: notifications off', snoozed: 'held: snoozed', incident_snoozed: 'held: incident snoozed',
  quiet_hours: 'held: quiet hours', reminder: 'paged again: reminder', escalation: 'escalation off this machine (steps below)',
};
