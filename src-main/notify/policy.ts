// The notification policy, pure: events and the time in, notifications to show out. A driver runs its timers.
import {
  SEVERITIES, eventIncident, eventIncidentId, matchesFilters, normalizeFilters,
  type Filters, type IncidentEvent, type Severity,
} from '../../src-shared/protocol/index.js';
import { UNACKNOWLEDGED_STATES, acknowledgementEvent, type Acknowledgement } from './acknowledge.js';
import { changeKeys } from './dedupe.js';
import { DecisionTrace, clockTime, describeRule, type TraceStep } from './decision-trace.js';
import { formatEvent, formatReminder } from './format.js';
import { isQuietTime } from './quiet-hours.js';
import type { Reminder } from './reminders.js';
import { parseNotifySettings, type NotifySettings, type NotifySettingsInput } from './settings.js';
import type { HoldReason, SnoozeView } from './snooze.js';
import type { NotifyState, NotifyStateLimits } from './notify-state.js';
import { PolicyMemory } from './policy-memory.js';
import { bypassesStorm } from './severity-gate.js';
import type { IncidentLookup, NotifyEntry, PlannedNotification, Urgency } from './types.js';

/** Why an event did or did not show a notification right away. */
export type DecisionReason = 'shown' | 'storm_held' | 'not_matched' | 'duplicate' | 'disabled' | HoldReason;

export interface Decision {
  show: PlannedNotification[];
  reason: DecisionReason;
  /** How the decision was reached, step by step (what `incident-relay why` prints). */
  steps: TraceStep[];
  /** The notification as planned (shown now, or held), when the event passed the rules. */
  planned?: PlannedNotification;
}

export interface PolicyOptions {
  /** Parsed with `NotifySettingsSchema`; defaults for everything left out. */
  settings?: NotifySettingsInput;
  /** The server's incident store, for events that carry only an incident id. */
  lookup?: IncidentLookup;
  /** Base URL of the web console, once known, for the link in each notification. */
  consoleUrl?: () => string | undefined;
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
  private readonly consoleUrl: () => string | undefined;
  private readonly memory = new PolicyMemory();
  private readonly seen = this.memory.seen;
  private readonly notified = this.memory.notified;
  private readonly acks = this.memory.acks;
  private readonly snoozes = this.memory.snoozes;
  private readonly reminders = this.memory.reminders;
  private readonly storm = this.memory.storm;
  private changes = 0;

  constructor(options: PolicyOptions = {}) {
    this.lookup = options.lookup ?? (() => undefined);
    this.consoleUrl = options.consoleUrl ?? (() => undefined);
    this.configure(options.settings ?? {});
  }

  /** Goes up with every change to what `exportState` returns, so a driver saves only when something changed. */
  get revision(): number {
    return this.changes;
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
    if (this.observeLifecycle(e, id)) this.changes += 1;
    const decision = this.decide(entry, id, now);
    // A closed incident needs nothing more: forget it (its change keys stay, so replays remain duplicates).
    if (e.event_type === 'incident_closed' && id !== undefined && this.memory.forget(id)) this.changes += 1;
    return decision;
  }

  private decide(entry: NotifyEntry, id: string | undefined, now: number): Decision {
    const e = entry.event;
    const trace = new DecisionTrace(now);
    if (!this.current.enabled) return { show: [], reason: 'disabled', steps: trace.add('settings', 'drop', 'notifications are turned off').steps };
    const { subject } = entry;
    const followsUp = e.event_type === 'incident_resolved' && this.current.notify_resolved && id !== undefined && this.notified.has(id);
    const rule = followsUp ? -1 : this.rules.findIndex((r) => matchesFilters(r, e.event_type, subject));
    if (followsUp) trace.add('rule', 'pass', 'follow-up: the resolution of an incident that notified');
    else if (rule < 0) return { show: [], reason: 'not_matched', steps: trace.add('rule', 'drop', `no rule matches ${e.event_type}${subject.severity ? ` at ${subject.severity}` : ''}`).steps };
    else trace.add('rule', 'pass', `rule #${rule + 1} matches (${describeRule(this.current.rules[rule] ?? {})})`);
    if (!followsUp && !matchesFilters(this.scope, e.event_type, subject)) {
      return { show: [], reason: 'not_matched', steps: trace.add('scope', 'drop', `outside the notification scope (${describeRule(this.current.scope)})`).steps };
    }
    this.changes += 1;
    if (this.seen.checkAndRemember(changeKeys(entry.messageId, id, e), now)) {
      return { show: [], reason: 'duplicate', steps: trace.add('dedupe', 'drop', 'this change was already decided (a replay or a relayed copy)').steps };
    }
    const severity = asSeverity(subject.severity);
    const incident = eventIncident(e) ?? (id ? this.lookup(id) : undefined);
    const consoleUrl = this.consoleUrl();
    const n = formatEvent(e, {
      subject, severity, incident, urgency: this.urgencyOf(severity, e.event_type), messageId: entry.messageId, now, ...(consoleUrl ? { consoleUrl } : {}),
    });
    const open = incident === undefined || UNACKNOWLEDGED_STATES.has(incident.state);
    if (severity === 'P0' && id && n.kind !== 'resolved' && open && !this.acks.has(id) && this.current.renotify_p0_mins > 0) {
      this.reminders.track(id, { headline: n.headline, label: n.label }, now, this.current.renotify_p0_mins * MINUTE_MS);
    }
    return this.deliver(n, now, trace);
  }

  /** Due reminders and storm summaries at `now`. */
  tick(now: number): PlannedNotification[] {
    const out = this.storm.tick(now);
    if (out.length > 0) this.changes += 1;
    const intervalMs = this.current.renotify_p0_mins * MINUTE_MS;
    if (intervalMs > 0 && this.current.enabled) {
      for (const r of this.reminders.takeDue(now, intervalMs)) {
        this.changes += 1;
        out.push(...this.deliver(formatReminder({ ...r, urgency: this.urgencyOf('P0', 'reminder') }), now, new DecisionTrace(now)).show);
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
    this.changes += 1;
    this.memory.recordAck(acknowledgement);
    this.reminders.stop(id);
    const publish = acknowledgementEvent(this.lookup(id), now, by);
    return publish ? { acknowledgement, publish } : { acknowledgement };
  }

  /** Snoozes everything, or one incident, for `durationMs`. */
  snooze(options: { durationMs: number; incidentId?: string }, now: number): void {
    this.changes += 1;
    if (options.incidentId === undefined) this.snoozes.snoozeAll(now + options.durationMs);
    else {
      const id = options.incidentId.toLowerCase();
      const severity = asSeverity(this.lookup(id)?.severity) ?? (this.reminders.has(id) ? 'P0' : undefined);
      this.snoozes.snoozeIncident(id, now + options.durationMs, severity);
    }
  }

  clearSnooze(incidentId?: string): void {
    this.changes += 1;
    this.snoozes.clear(incidentId?.toLowerCase());
  }

  /** What must survive a restart (see notify-state.ts), pruned to `limits`. */
  exportState(now: number, limits?: NotifyStateLimits): NotifyState {
    return this.memory.exportState(now, limits);
  }

  /**
   * Takes back a saved state (call before the first event). Reminders resume unless the incident store says
   * the incident is no longer an unacknowledged P0 (or re-notification is off).
   */
  importState(saved: NotifyState, now: number, limits?: NotifyStateLimits): void {
    this.memory.importState(saved, now, (r) => this.current.renotify_p0_mins > 0 && this.stillOpenP0(r.incidentId), limits);
    this.changes += 1;
  }

  /** True unless the incident store knows the incident and it is no longer an unacknowledged P0. */
  private stillOpenP0(id: string): boolean {
    const incident = this.lookup(id);
    return incident === undefined || (incident.severity === 'P0' && UNACKNOWLEDGED_STATES.has(incident.state));
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

  /** Snooze, quiet hours (P0 may break through, a resolution never does), then the storm gate (never for a P0). */
  private deliver(n: PlannedNotification, now: number, trace: DecisionTrace): Decision {
    const s = this.current;
    const p0 = n.severity === 'P0' && n.kind !== 'resolved';
    const held = (reason: HoldReason, detail: string): Decision => ({ show: [], reason, planned: n, steps: trace.add(reason === 'quiet_hours' ? 'quiet_hours' : 'snooze', 'hold', detail).steps });
    const snoozed = this.snoozes.holdReason(n.incidentId, n.severity, now, p0 && s.p0_breaks_snooze);
    if (snoozed) return held(snoozed, snoozed === 'snoozed' ? 'everything is snoozed' : 'this incident is snoozed');
    if (p0 && s.p0_breaks_snooze && this.snoozes.holdReason(n.incidentId, n.severity, now, false)) trace.add('snooze', 'pass', 'P0 breaks through the snooze');
    if (isQuietTime(s.quiet_hours, now)) {
      if (!(p0 && s.p0_breaks_quiet_hours)) return held('quiet_hours', `quiet hours ${s.quiet_hours.start}-${s.quiet_hours.end}`);
      trace.add('quiet_hours', 'pass', `P0 breaks through quiet hours ${s.quiet_hours.start}-${s.quiet_hours.end}`);
    }
    if (n.incidentId) this.notified.add(n.incidentId, now);
    if (bypassesStorm(n)) {
      return { show: [n], reason: 'shown', planned: n, steps: trace.add('severity', 'pass', 'P0: shown at once and alone, never coalesced or rate limited').steps };
    }
    const show = this.storm.admit(n, now);
    if (show.length > 0) return { show, reason: 'shown', planned: n, steps: trace.add('storm', 'pass', 'no storm: shown on its own').steps };
    const due = this.storm.dueAt();
    return { show, reason: 'storm_held', planned: n, steps: trace.add('storm', 'hold', `storm (more than ${s.storm_threshold} in ${s.storm_window_secs} s): grouped into the summary due ${due === undefined ? 'next' : clockTime(due)}`).steps };
  }

  /** Stops reminders for incidents that were resolved, closed, taken on elsewhere or de-escalated; true when one stopped. */
  private observeLifecycle(e: IncidentEvent, id: string | undefined): boolean {
    if (id === undefined) return false;
    switch (e.event_type) {
      case 'incident_resolved': case 'incident_closed':
        return this.reminders.stop(id);
      case 'incident_updated':
        return (!UNACKNOWLEDGED_STATES.has(e.incident.state) || e.incident.severity !== 'P0') && this.reminders.stop(id);
      case 'escalated':
        return e.to_severity !== 'P0' && this.reminders.stop(id);
      default:
        return false;
    }
  }
}
