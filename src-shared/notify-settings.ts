// Notification policy settings: one zod schema with defaults, shared by the headless CLI, the desktop and the UI.
import { z } from 'zod';
import {
  FiltersInputSchema, SeveritySchema, parseWith, type FiltersInput, type Parsed, type Severity,
} from './protocol/index.js';

/** How loudly the OS should present a notification (the freedesktop urgency levels). */
export const UrgencySchema = z.enum(['critical', 'normal', 'low']);
export type Urgency = z.infer<typeof UrgencySchema>;
const ClockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false; // RangeError: unknown time zone
  }
};

export const DEFAULT_URGENCY: Readonly<Record<Severity, Urgency>> = { P0: 'critical', P1: 'normal', P2: 'normal', P3: 'low', P4: 'low' };

/** The default rules: incident_created and escalated at P0/P1, alert_received at P0. */
export const DEFAULT_RULES: readonly FiltersInput[] = [
  { event_types: ['incident_created', 'escalated'], severities: ['P0', 'P1'] },
  { event_types: ['alert_received'], severities: ['P0'] },
];

export const QuietHoursSchema = z.object({
  /** Default false. */
  enabled: z.boolean().default(false),
  /** Local start of the quiet window, `HH:MM`; default `22:00`. */
  start: ClockTimeSchema.default('22:00'),
  /** Local end (exclusive), `HH:MM`; may be before `start` (crosses midnight); default `07:00`. Equal to start: never quiet. */
  end: ClockTimeSchema.default('07:00'),
  /** IANA time zone of the window; default the system's local zone. */
  time_zone: z.string().min(1).refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin').optional(),
});

export const NotifySettingsSchema = z.object({
  /** Master switch; default true. */
  enabled: z.boolean().default(true),
  /**
   * Which events notify: an event notifies when ANY rule matches it (each rule is a subscription filter of
   * PROTOCOL.md section 3, matched against the event's subject). Default: `DEFAULT_RULES`.
   */
  rules: z.array(FiltersInputSchema).max(50, 'at most 50 rules').default(() => DEFAULT_RULES.map((r) => ({ ...r }))),
  /** A filter every notification must also match (e.g. your team's sources or labels); default `{}` (everything). */
  scope: FiltersInputSchema.default({}),
  /** Notify `incident_resolved` for incidents that raised a notification; default true. */
  notify_resolved: z.boolean().default(true),
  /** Urgency per severity; keys left out keep `DEFAULT_URGENCY` (P0 critical, P1/P2 normal, P3/P4 low). */
  urgency: z.partialRecord(SeveritySchema, UrgencySchema).default({})
    .transform((u): Record<Severity, Urgency> => ({ ...DEFAULT_URGENCY, ...u })),
  /** Storm coalescing: more than this many notifications within the window become one summary; default 3. */
  storm_threshold: z.int().min(1).max(1000).default(3),
  /** Storm window in seconds; default 10. */
  storm_window_secs: z.number().positive().max(3600).default(10),
  /** Re-notify an unacknowledged, unresolved P0 every this many minutes; 0 turns it off; default 5. */
  renotify_p0_mins: z.number().min(0).max(1440).default(5),
  quiet_hours: QuietHoursSchema.prefault({}),
  /** P0 notifications break through "snooze everything"; default true. */
  p0_breaks_snooze: z.boolean().default(true),
  /** P0 notifications break through quiet hours; default true. */
  p0_breaks_quiet_hours: z.boolean().default(true),
});

/** Settings as stored or sent by a user: every key optional. */
export type NotifySettingsInput = z.input<typeof NotifySettingsSchema>;
/** Settings with every default filled in. */
export type NotifySettings = z.infer<typeof NotifySettingsSchema>;

/** Parses user settings (from a config file, electron-store or the UI) without throwing. */
export function parseNotifySettings(input: unknown): Parsed<NotifySettings> {
  return parseWith(NotifySettingsSchema, input ?? {}, 'notify');
}

/** The defaults, as a fresh object. */
export function defaultNotifySettings(): NotifySettings {
  return NotifySettingsSchema.parse({});
}
