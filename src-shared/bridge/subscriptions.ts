// UI subscriptions: named, persisted filters whose matches are counted and may feed notifications.
import { z } from 'zod';
import { FiltersInputSchema, SubscriptionIdSchema, TimestampSchema } from '../protocol/index.js';

export const SUBSCRIPTION_NAME_MAX = 100;

/** Filters with all seven keys present (as normalizeFilters returns them). */
export const NormalizedFiltersSchema = FiltersInputSchema.required();

const NameSchema = z.string().trim()
  .min(1, 'give the subscription a name')
  .max(SUBSCRIPTION_NAME_MAX, `at most ${SUBSCRIPTION_NAME_MAX} characters`);

/** What the subscription form submits: the shared filter schema supplies the field messages. */
export const SubscriptionDraftSchema = z.object({
  name: NameSchema,
  filters: FiltersInputSchema,
  /** Whether matches of this subscription may become OS notifications (subject to the notification policy). */
  notify: z.boolean(),
});
export type SubscriptionDraft = z.infer<typeof SubscriptionDraftSchema>;

export const SubscriptionUpdateSchema = z.object({
  id: SubscriptionIdSchema,
  name: NameSchema.optional(),
  filters: FiltersInputSchema.optional(),
  notify: z.boolean().optional(),
});

/** A stored UI subscription with its match counter. */
export const UiSubscriptionSchema = z.object({
  id: SubscriptionIdSchema,
  name: z.string(),
  filters: NormalizedFiltersSchema,
  notify: z.boolean(),
  /** Events matched since the subscription was created. */
  matchedCount: z.number().int().nonnegative(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type UiSubscription = z.infer<typeof UiSubscriptionSchema>;

export const SubscriptionListSchema = z.object({ subscriptions: z.array(UiSubscriptionSchema) });
