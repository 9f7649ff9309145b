// The notification policy as the settings form edits it (numbers as typed text), and back.
import type { NotificationPolicy } from '../../../src-shared/bridge/index.js';

export interface PolicyDraft {
  enabled: boolean;
  quietEnabled: boolean;
  quietStart: string;
  quietEnd: string;
  defaultSnoozeMinutes: string;
  renotifyIntervalMinutes: string;
  stormThreshold: string;
  p0Breakthrough: boolean;
}

export function draftFromPolicy(p: NotificationPolicy): PolicyDraft {
  return {
    enabled: p.enabled, quietEnabled: p.quietHours.enabled, quietStart: p.quietHours.start, quietEnd: p.quietHours.end,
    defaultSnoozeMinutes: String(p.defaultSnoozeMinutes), renotifyIntervalMinutes: String(p.renotifyIntervalMinutes),
    stormThreshold: String(p.stormThreshold), p0Breakthrough: p.p0Breakthrough,
  };
}

/** Typed text → number; blank becomes NaN so the schema reports the field. */
const num = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

/** The policy object to validate; `snoozedUntil` is not edited here and is carried over. */
export function policyFromDraft(d: PolicyDraft, snoozedUntil: string | null): NotificationPolicy {
  return {
    enabled: d.enabled,
    quietHours: { enabled: d.quietEnabled, start: d.quietStart, end: d.quietEnd },
    snoozedUntil,
    defaultSnoozeMinutes: num(d.defaultSnoozeMinutes),
    renotifyIntervalMinutes: num(d.renotifyIntervalMinutes),
    stormThreshold: num(d.stormThreshold),
    p0Breakthrough: d.p0Breakthrough,
  };
}
