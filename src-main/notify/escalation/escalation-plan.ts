// When each unacknowledged incident's next escalation step is due: the timing rules alone, on a given clock.
import type { Severity } from '../../../src-shared/protocol/index.js';
import type { EscalationStep } from '../../../src-shared/escalation-settings.js';

const MINUTE_MS = 60_000;

/** An incident on its way up the steps. */
export interface Escalation {
  incidentId: string;
  severity: Severity;
  /** Index into the steps of the step taken next (or being taken). */
  step: number;
  /** Epoch ms the step is due; `null` while it is being sent. */
  dueAt: number | null;
  /** Epoch ms the incident was raised (or un-acknowledged): the first step's delay counts from it. */
  raisedAt: number;
}

/** Incidents tracked at once; beyond it the oldest is forgotten (a bound, not a policy: thousands of open P0s is a storm). */
export const ESCALATION_CAPACITY = 10_000;

export class EscalationPlan {
  private readonly byIncident = new Map<string, Escalation>();
  private idle = false;

  constructor(private steps: readonly EscalationStep[], private escalateWhenIdle: boolean) {}

  /** Minutes after being raised before the first step, or undefined when this severity never escalates. */
  firstDelayMs(severity: Severity): number | undefined {
    const first = this.steps[0]?.after_minutes;
    const mins = typeof first === 'number' ? first : first?.[severity];
    return mins === undefined ? undefined : mins * MINUTE_MS;
  }

  /** Starts tracking an unacknowledged incident raised at `raisedAt`; false when its severity does not escalate or it is tracked. */
  raise(incidentId: string, severity: Severity, raisedAt: number, now: number): boolean {
    const delay = this.firstDelayMs(severity);
    if (delay === undefined || this.byIncident.has(incidentId)) return false;
    const dueAt = this.idle && this.escalateWhenIdle ? now : Math.max(now, raisedAt + delay);
    this.byIncident.set(incidentId, { incidentId, severity, step: 0, dueAt, raisedAt });
    while (this.byIncident.size > ESCALATION_CAPACITY) this.byIncident.delete(this.byIncident.keys().next().value!);
    return true;
  }

  /** Picks up an escalation persisted before a restart at its next step (false when tracked or past the last step). */
  resume(incidentId: string, severity: Severity, step: number, dueAt: number, raisedAt: number): boolean {
    if (this.byIncident.has(incidentId) || step >= this.steps.length) return false;
    this.byIncident.set(incidentId, { incidentId, severity, step, dueAt, raisedAt });
    return true;
  }

  /**
   * New steps (settings saved): each escalation keeps the step it is at. A first step not yet taken is due at its new
   * delay; one whose severity no longer escalates, or past the new last step, ends. Returns the ended ones.
   */
  reconfigure(steps: readonly EscalationStep[], escalateWhenIdle: boolean, now: number): string[] {
    this.steps = steps;
    this.escalateWhenIdle = escalateWhenIdle;
    const ended: string[] = [];
    for (const e of [...this.byIncident.values()]) {
      const delay = this.firstDelayMs(e.severity);
      if (e.step >= steps.length || (e.step === 0 && delay === undefined)) {
        this.byIncident.delete(e.incidentId);
        ended.push(e.incidentId);
      } else if (e.step === 0 && e.dueAt !== null) {
        e.dueAt = this.idle && escalateWhenIdle ? now : Math.max(now, e.raisedAt + delay!);
      }
    }
    return ended;
  }

  /** Stops every escalation (escalation turned off); their ids. */
  clear(): string[] {
    const ids = [...this.byIncident.keys()];
    this.byIncident.clear();
    return ids;
  }

  /**
   * A tracked incident's severity changed: a severity that does not escalate stops it; a first step not yet taken comes
   * sooner if the new delay is shorter. An untracked incident is left alone (`raise` starts one).
   */
  reseverity(incidentId: string, severity: Severity, raisedAt: number, now: number): 'stopped' | 'changed' | 'unchanged' {
    const e = this.byIncident.get(incidentId);
    const delay = this.firstDelayMs(severity);
    if (!e) return 'unchanged';
    if (delay === undefined) {
      this.byIncident.delete(incidentId);
      return 'stopped';
    }
    e.severity = severity;
    if (e.step === 0 && e.dueAt !== null && raisedAt + delay < e.dueAt) {
      e.dueAt = Math.max(now, raisedAt + delay);
      return 'changed';
    }
    return 'unchanged';
  }

  /** Stops an incident's escalation (acknowledged, resolved, closed); the escalation it had, if any. */
  cancel(incidentId: string): Escalation | undefined {
    const e = this.byIncident.get(incidentId);
    this.byIncident.delete(incidentId);
    return e;
  }

  has(incidentId: string): boolean {
    return this.byIncident.has(incidentId);
  }

  /** Screen locked / system idle: every first step not yet taken is due now; later raises too, until not idle. */
  setIdle(idle: boolean, now: number): string[] {
    this.idle = idle;
    if (!idle || !this.escalateWhenIdle) return [];
    const moved: string[] = [];
    for (const e of this.byIncident.values()) {
      if (e.step === 0 && e.dueAt !== null && e.dueAt > now) {
        e.dueAt = now;
        moved.push(e.incidentId);
      }
    }
    return moved;
  }

  /** The steps due at `now`, oldest due first; each is marked as being sent until `stepDone`. */
  takeDue(now: number): { incidentId: string; step: number; severity: Severity }[] {
    const due = [...this.byIncident.values()].filter((e) => e.dueAt !== null && e.dueAt <= now).sort((a, b) => a.dueAt! - b.dueAt!);
    for (const e of due) e.dueAt = null;
    return due.map((e) => ({ incidentId: e.incidentId, step: e.step, severity: e.severity }));
  }

  /**
   * A step was sent: on success the next step is due after its minutes; on failure it is due at once (fall through).
   * The last step ends the escalation. Returns the next step's index and due time, or undefined when none follows.
   */
  stepDone(incidentId: string, step: number, delivered: boolean, now: number): { step: number; dueAt: number } | undefined {
    const e = this.byIncident.get(incidentId);
    if (!e || e.step !== step) return undefined; // cancelled (or restarted) while sending
    const next = step + 1;
    const after = this.steps[next]?.after_minutes;
    if (after === undefined) {
      this.byIncident.delete(incidentId);
      return undefined;
    }
    e.step = next;
    e.dueAt = delivered ? now + (typeof after === 'number' ? after : 0) * MINUTE_MS : now;
    return { step: next, dueAt: e.dueAt };
  }

  /** When an incident's next step is due (undefined when not tracked or being sent). */
  nextDueFor(incidentId: string): number | undefined {
    return this.byIncident.get(incidentId)?.dueAt ?? undefined;
  }

  /** Earliest due time, for the one timer. */
  nextDueAt(): number | undefined {
    let min: number | undefined;
    for (const e of this.byIncident.values()) if (e.dueAt !== null && (min === undefined || e.dueAt < min)) min = e.dueAt;
    return min;
  }

  size(): number {
    return this.byIncident.size;
  }
}
