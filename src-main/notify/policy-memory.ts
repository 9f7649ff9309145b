// What the notification policy remembers between events, and how that is saved and taken back across a restart.
import type { Acknowledgement } from './acknowledge.js';
import { BoundedSet, SeenChanges } from './dedupe.js';
import { NOTIFY_STATE_VERSION, pruneNotifyState, type NotifyState, type NotifyStateLimits } from './notify-state.js';
import { Reminders, type Reminder } from './reminders.js';
import { Snoozes } from './snooze.js';
import { StormGate } from './storm.js';

/** Most acknowledgements remembered; the oldest are forgotten first. */
export const ACK_CAPACITY = 1000;

export class PolicyMemory {
  /** Change keys already decided (dedupe.ts). */
  readonly seen = new SeenChanges();
  /** Incidents that notified, for the follow-up when they resolve. */
  readonly notified = new BoundedSet();
  readonly acks = new Map<string, Acknowledgement>();
  readonly snoozes = new Snoozes();
  readonly reminders = new Reminders();
  readonly storm = new StormGate({ threshold: 3, windowMs: 10_000 });

  /** Records (or replaces) an acknowledgement as the newest one. */
  recordAck(a: Acknowledgement): void {
    this.acks.delete(a.incidentId);
    this.acks.set(a.incidentId, a);
    if (this.acks.size > ACK_CAPACITY) this.acks.delete(this.acks.keys().next().value ?? a.incidentId);
  }

  /** Forgets everything about a closed incident but its change keys; true when there was something. */
  forget(incidentId: string): boolean {
    const had = [this.notified.delete(incidentId), this.acks.delete(incidentId), this.reminders.stop(incidentId), this.snoozes.clear(incidentId)];
    return had.some(Boolean);
  }

  /** What must survive a restart (see notify-state.ts), pruned to `limits`. */
  exportState(now: number, limits?: NotifyStateLimits): NotifyState {
    const snoozes = this.snoozes.exportState(now);
    return pruneNotifyState({
      version: NOTIFY_STATE_VERSION, savedAt: now, seen: this.seen.keys.entries(), notified: this.notified.entries(),
      acknowledgements: [...this.acks.values()], snoozeAllUntil: snoozes.allUntil, incidentSnoozes: snoozes.incidents,
      reminders: this.reminders.list(), held: this.storm.heldList(),
    }, now, limits);
  }

  /**
   * Takes back a saved state, merged under what is already here. Reminders of acknowledged incidents, and those
   * `keepReminder` refuses, are dropped; a reminder that fell due while the app was down fires at the next tick.
   * Held notifications leave (as one summary) at the next tick.
   */
  importState(saved: NotifyState, now: number, keepReminder: (r: Reminder) => boolean, limits?: NotifyStateLimits): void {
    const state = pruneNotifyState(saved, now, limits);
    const newerSeen = this.seen.keys.entries();
    for (const [key, at] of state.seen) this.seen.keys.add(key, at);
    for (const [key, at] of newerSeen) this.seen.keys.add(key, at);
    for (const [id, at] of state.notified) if (!this.notified.has(id)) this.notified.add(id, at);
    for (const a of state.acknowledgements) if (!this.acks.has(a.incidentId)) this.recordAck(a);
    this.snoozes.restore({ allUntil: state.snoozeAllUntil, incidents: state.incidentSnoozes });
    this.reminders.restore(state.reminders.filter((r) => !this.acks.has(r.incidentId) && keepReminder(r)));
    this.storm.restoreHeld(state.held, now);
  }
}
