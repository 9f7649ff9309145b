// The UI settings (notification policy and theme), persisted in the data dir and applied to the running notifier.
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_SETTINGS, SettingsSchema, type NotificationPolicy, type Settings } from '../../src-shared/bridge/index.js';
import type { FiltersInput } from '../../src-shared/protocol/index.js';
import { DEFAULT_RULES, type NotifySettings, type NotifySettingsInput, type Notifications } from '../notify/index.js';
import { readJsonFile, writeJsonFile, type ProblemReporter } from './json-file.js';

export const SETTINGS_FILE = 'ui-settings.json';
/** The UI's storm threshold counts notifications within one minute. */
const STORM_WINDOW_SECS = 60;

const FileSchema = z.object({ version: z.literal(1), settings: SettingsSchema });

/** The part of the notification driver the settings drive. */
export type NotifierSettingsPort = Pick<Notifications, 'settings' | 'snooze' | 'clearSnooze'>;

const clamp = (n: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, Math.round(n)));

/** The driver's settings as the UI shows them (for a first start, before anything was saved). */
export function policyFromNotifySettings(ns: NotifySettings): NotificationPolicy {
  return {
    ...DEFAULT_SETTINGS.notifications,
    enabled: ns.enabled,
    quietHours: { enabled: ns.quiet_hours.enabled, start: ns.quiet_hours.start, end: ns.quiet_hours.end },
    renotifyIntervalMinutes: clamp(ns.renotify_p0_mins, 0, 1440),
    stormThreshold: clamp(ns.storm_threshold, 2, 1000),
    p0Breakthrough: ns.p0_breaks_snooze && ns.p0_breaks_quiet_hours,
  };
}

/**
 * The driver's settings under a UI policy. `rules` are the filters of the subscriptions whose notification
 * switch is on; with none on, the default rules (new and escalated P0/P1 incidents, P0 alerts) apply.
 */
export function notifySettingsFromPolicy(p: NotificationPolicy, base: NotifySettings, rules: readonly FiltersInput[]): NotifySettingsInput {
  return {
    ...base,
    enabled: p.enabled,
    rules: rules.length > 0 ? rules.slice(0, 50) : DEFAULT_RULES.map((r) => ({ ...r })),
    quiet_hours: { ...base.quiet_hours, enabled: p.quietHours.enabled, start: p.quietHours.start, end: p.quietHours.end },
    renotify_p0_mins: p.renotifyIntervalMinutes,
    storm_threshold: p.stormThreshold,
    storm_window_secs: STORM_WINDOW_SECS,
    p0_breaks_snooze: p.p0Breakthrough,
    p0_breaks_quiet_hours: p.p0Breakthrough,
  };
}

export class SettingsKeeper {
  private readonly file: string;
  private settings: Settings;
  private rules: FiltersInput[];

  constructor(dataDir: string, report: ProblemReporter, private readonly notifier: NotifierSettingsPort | undefined,
    rules: FiltersInput[], private readonly now: () => number = Date.now) {
    this.file = join(dataDir, SETTINGS_FILE);
    this.rules = rules;
    const stored = readJsonFile(this.file, FileSchema, report)?.settings;
    this.settings = stored ?? (notifier
      ? { ...DEFAULT_SETTINGS, notifications: policyFromNotifySettings(notifier.settings.get()) }
      : structuredClone(DEFAULT_SETTINGS));
    this.apply();
  }

  /** The settings; a global snooze that has run out reads as none. */
  get(): Settings {
    const until = this.settings.notifications.snoozedUntil;
    if (until !== null && Date.parse(until) <= this.now()) {
      return { ...this.settings, notifications: { ...this.settings.notifications, snoozedUntil: null } };
    }
    return this.settings;
  }

  update(next: Settings): Settings {
    this.settings = structuredClone(next);
    writeJsonFile(this.file, { version: 1, settings: this.settings });
    this.apply();
    return this.get();
  }

  /** The notifying subscriptions changed: the notifier's rules follow. */
  setRules(rules: FiltersInput[]): void {
    this.rules = rules;
    this.apply();
  }

  private apply(): void {
    if (!this.notifier) return;
    const p = this.settings.notifications;
    this.notifier.settings.set(notifySettingsFromPolicy(p, this.notifier.settings.get(), this.rules));
    const left = p.snoozedUntil === null ? 0 : Date.parse(p.snoozedUntil) - this.now();
    if (left > 0) this.notifier.snooze({ durationMs: left });
    else this.notifier.clearSnooze();
  }
}
