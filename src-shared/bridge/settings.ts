// App settings: the notification policy the notifier applies, and the UI theme.
import { z } from 'zod';
import { TimestampSchema } from '../protocol/index.js';

export const THEMES = ['system', 'dark', 'light'] as const;
export type Theme = (typeof THEMES)[number];

const ClockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:MM (24-hour)');

/** Which events become OS notifications, and when they are held back. */
export const NotificationPolicySchema = z.object({
  /** Master switch for OS notifications. */
  enabled: z.boolean(),
  /** Hours (local time of the machine running the app) when only P0 may notify, if breakthrough is on. */
  quietHours: z.object({ enabled: z.boolean(), start: ClockTimeSchema, end: ClockTimeSchema }),
  /** All notifications are held back until then (null: not snoozed); P0 may break through. */
  snoozedUntil: TimestampSchema.nullable(),
  /** Minutes an incident is snoozed for by the Snooze action and the `s` key. */
  defaultSnoozeMinutes: z.number().int().min(1, 'at least 1 minute').max(1440, 'at most 1440 minutes'),
  /** Minutes after which an unacknowledged incident notifies again; 0 never re-notifies. */
  renotifyIntervalMinutes: z.number().int().min(0, 'at least 0').max(1440, 'at most 1440 minutes'),
  /** More notifications than this within one minute are coalesced into one summary. */
  stormThreshold: z.number().int().min(2, 'at least 2').max(1000, 'at most 1000'),
  /** P0 incidents notify even in quiet hours and while snoozed. */
  p0Breakthrough: z.boolean(),
});
export type NotificationPolicy = z.infer<typeof NotificationPolicySchema>;

export const SettingsSchema = z.object({
  notifications: NotificationPolicySchema,
  theme: z.enum(THEMES),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** Settings of a fresh install: the notification driver's defaults (notify-settings.ts, README), whatever the mode. */
export const DEFAULT_SETTINGS: Settings = {
  notifications: {
    enabled: true,
    quietHours: { enabled: false, start: '22:00', end: '07:00' },
    snoozedUntil: null,
    defaultSnoozeMinutes: 60,
    renotifyIntervalMinutes: 5,
    stormThreshold: 3,
    p0Breakthrough: true,
  },
  theme: 'system',
};

/** Result of `notifications:test`: whether the OS accepted the notification, and what happened. */
export const TestNotificationSchema = z.object({ delivered: z.boolean(), detail: z.string() });
