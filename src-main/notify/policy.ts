// The notification policy, pure: events and the time in, notifications to show out. A driver runs its timers.
import {
  SEVERITIES, eventIncident, eventIncidentId, matchesFilters, normalizeFilters, subjectOf,
  type Filters, type IncidentEvent, type Severity,
} from '../../src-shared/protocol/index.js';
import { UNACKNOWLEDGED_STATES, acknowledgementEvent, type Acknowledgement } from './acknowledge.js';
import { BoundedSet, SeenChanges, changeKeys } from './dedupe.js';
import { formatEvent, formatReminder } from './format.js';
import { isQuietTime } from './quiet-hours.js';
import { Reminders, type Reminder } from './reminders.js';
import { parseNotifySettings, type NotifySettings, type NotifySettingsInput } from './settings.js';
import { Snoozes, type HoldReason, type SnoozeView } from './snooze.js';
import { StormGate } from './storm.js';
import type { IncidentLookup, NotifyEntry, PlannedNotification, Urgency } from './types.js';

/** Why an event did or did not show a notification right away. */
export type DecisionReason = 'shown' | 'storm_held' | 'not_matched' | 'duplicate' | 'disabled' | HoldReason;

export interface Decision {
  show: PlannedNotification[];
  reason: DecisionReason;
}

export interface PolicyOptions {
  /** Parsed with `NotifySettingsSchema`; defaults for everything left out. */
  settings?: NotifySettingsInput;
  /** The server's incident store, for events that carry only an incident id. */
  lookup?: IncidentLookup;
}

export interface PolicyStatus {
  snoozes: SnoozeView;
  reminders: Reminder[];
  acknowledgements: Acknowledgement[];
  heldForSummary: number;
}

const MINUTE_MS = 60_000;
const asSeverity = (s: string | undefined): Severity | undefined => SEVERITIES.find((v) => v === s);

export class NotificationPolicy {
  private current!: NotifySettings;
  private rules: Filters[] = [];
  private scope: Filters = normalizeFilters({});
  private readonly lookup: IncidentLookup;
  private readonly seen = new SeenChanges();
  private readonly notified = new BoundedSet();
  private readonly acks = new Map<string, Acknowledgement>();
  private readonly snoozes = new Snoozes();
  private readonly reminders = new Reminders();
  private readonly storm = new StormGate({ threshold: 3, windowMs: 10_000 });

  constructor(options: PolicyOptions = {}) {
    this.lookup = options.lookup ?? (() => undefined);
    this.configure(options.settings ?? {});
  }

  get settings(): NotifySettings {
    return this.current;
  }

  /** Replaces the settings (throws an Error naming each bad key); snoozes, reminders and history stay. */
  configure(input: NotifySettingsInput): NotifySettings {
    const parsed = parseNotifySettings(input);
    if (!parsed.ok) throw new Error(`invalid notification settings: ${parsed.message}`);
    const s = parsed.value;
    this.current = s;
    this.rules = s.rules.map((r) => normalizeFilters(r));
    this.scope = normalizeFilters(s.scope);
    this.storm.configure({ threshold: s.storm_threshold, windowMs: s.storm_window_secs * 1000 });
    if (s.renotify_p0_mins === 0) this.reminders.clear();
    return s;
  }

  /** Decides about one published event. */
  onEntry(entry: NotifyEntry, now: number): Decision {
    const e = entry.event;
    const id = entry.incidentId ?? eventIncidentId(e);
    this.observeLifecycle(e, id);
    if (!this.current.enabled) return { show: [], reason: 'disabled' };
    const subject = subjectOf(e, this.lookup);
    const followsUp = e.event_type === 'incident_resolved' && this.current.notify_resolved && id !== undefined && this.notified.has(id);
    const matched = followsUp
      || (this.rules.some((r) => matchesFilters(r, e.event_type, subject)) && matchesFilters(this.scope, e.event_type, subject));
    if (!matched) return { show: [], reason: 'not_matched' };
    if (this.seen.checkAndRemember(changeKeys(entry.messageId, id, e))) return { show: [], reason: 'duplicate' };
    const severity = asSeverity(subject.severity);
    const incident = eventIncident(e) ?? (id ? this.lookup(id) : undefined);
    const n = formatEvent(e, { subject, severity, incident, urgency: this.urgencyOf(severity, e.event_type), messageId: entry.messageId });
    const open = incident === undefined || UNACKNOWLEDGED_STATES.has(incident.state);
    if (severity === 'P0' && id && n.kind !== 'resolved' && open && !this.acks.has(id) && this.current.renotify_p0_mins > 0) {
      this.reminders.track(id, { headline: n.headline, label: n.label }, now, this.current.renotify_p0_mins * MINUTE_MS);
    }
    return this.deliver(n, now);
  }

  /** Due reminders and storm summaries at `now`. */
  tick(now: number): PlannedNotification[] {
    const out = this.storm.tick(now);
    const intervalMs = this.current.renotify_p0_mins * MINUTE_MS;
    if (intervalMs > 0 && this.current.enabled) {
      for (const r of this.reminders.takeDue(now, intervalMs)) {
        out.push(...this.deliver(formatReminder({ ...r, urgency: this.urgencyOf('P0', 'reminder') }), now).show);
      }
    }
    return out;
  }

  /** When `tick` next has something to do (epoch ms), if ever. */
  dueAt(): number | undefined {
    const times = [this.storm.dueAt(), this.current.enabled ? this.reminders.dueAt() : undefined].filter((t) => t !== undefined);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  /** Stops the reminders, records who and when; `publish` is the event to publish, when the incident is known here. */
  acknowledge(incidentId: string, by: string, now: number): { acknowledgement: Acknowledgement; publish?: IncidentEvent } {
    const id = incidentId.toLowerCase();
    const acknowledgement = { incidentId: id, by, at: now };
    this.acks.delete(id);
    this.acks.set(id, acknowledgement);
    if (this.acks.size > 1000) this.acks.delete(this.acks.keys().next().value ?? id);
    this.reminders.stop(id);
    const publish = acknowledgementEvent(this.lookup(id), now);
    return publish ? { acknowledgement, publish } : { acknowledgement };
  }

  /** Snoozes everything, or one incident, for `durationMs`. */
  snooze(options: { durationMs: number; incidentId?: string }, now: number): void {
    if (options.incidentId === undefined) this.snoozes.snoozeAll(now + options.durationMs);
    else {
      const id = options.incidentId.toLowerCase();
      const severity = asSeverity(this.lookup(id)?.severity) ?? (this.reminders.has(id) ? 'P0' : undefined);
      this.snoozes.snoozeIncident(id, now + options.durationMs, severity);
    }
  }

  clearSnooze(incidentId?: string): void {
    this.snoozes.clear(incidentId?.toLowerCase());
  }

  status(now: number): PolicyStatus {
    return {
      snoozes: this.snoozes.view(now), reminders: this.reminders.list(),
      acknowledgements: [...this.acks.values()], heldForSummary: this.storm.heldCount,
    };
  }

  private urgencyOf(severity: Severity | undefined, eventType: string): Urgency {
    const u = severity ? this.current.urgency[severity] : 'normal';
    return eventType === 'incident_resolved' && u === 'critical' ? 'normal' : u;
  }

  /** Snooze, quiet hours (P0 may break through, a resolution never does), then the storm gate. */
  private deliver(n: PlannedNotification, now: number): Decision {
    const s = this.current;
    const p0 = n.severity === 'P0' && n.kind !== 'resolved';
    const hold = this.snoozes.holdReason(n.incidentId, n.severity, now, p0 && s.p0_breaks_snooze)
      ?? (isQuietTime(s.quiet_hours, now) && !(p0 && s.p0_breaks_quiet_hours) ? 'quiet_hours' : undefined);
    if (hold) return { show: [], reason: hold };
    if (n.incidentId) this.notified.add(n.incidentId);
    const show = this.storm.admit(n, now);
    return { show, reason: show.length > 0 ? 'shown' : 'storm_held' };
  }

  /** Stops reminders for incidents that were resolved, closed, taken on elsewhere or de-escalated. */
  private observeLifecycle(e: IncidentEvent, id: string | undefined): void {
    if (id === undefined) return;
    switch (e.event_type) {
      case 'incident_resolved': case 'incident_closed':
        this.reminders.stop(id);
        return;
      case 'incident_updated':
        if (!UNACKNOWLEDGED_STATES.has(e.incident.state) || e.incident.severity !== 'P0') this.reminders.stop(id);
        return;
      case 'escalated':
        if (e.to_severity !== 'P0') this.reminders.stop(id);
        return;
      default:
    }
  }
}
