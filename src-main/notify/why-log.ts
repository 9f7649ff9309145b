// The recent decisions, by message id and by incident id, with each decision's path: what `why` prints.
import type { TraceStep } from './decision-trace.js';

export interface WhyRecord {
  /** Journal message id of the event, absent for reminders. */
  messageId?: string;
  incidentId?: string;
  eventType: string;
  severity?: string;
  /** The notification's title when one was planned. */
  title?: string;
  /** The policy's outcome: shown, storm_held, not_matched, duplicate, disabled, snoozed, incident_snoozed, quiet_hours, reminder. */
  decision: string;
  steps: TraceStep[];
}

/** Records kept; the oldest are forgotten first. */
export const WHY_CAPACITY = 5000;

export class WhyLog {
  private readonly byMessage = new Map<string, WhyRecord>();
  private readonly byIncident = new Map<string, WhyRecord[]>();
  private readonly order: WhyRecord[] = [];

  constructor(private readonly capacity = WHY_CAPACITY) {}

  record(r: WhyRecord): WhyRecord {
    this.order.push(r);
    if (r.messageId !== undefined) this.byMessage.set(r.messageId, r);
    if (r.incidentId !== undefined) this.byIncident.set(r.incidentId, [...(this.byIncident.get(r.incidentId) ?? []), r]);
    while (this.order.length > this.capacity) this.forget(this.order.shift());
    return r;
  }

  /** Adds a later step (delivery, fallback, summary) to the record of a message. */
  addStep(messageId: string, step: TraceStep): void {
    this.byMessage.get(messageId)?.steps.push(step);
  }

  /** Adds a step to the newest record of an incident (a button picked on its notification). */
  addIncidentStep(incidentId: string, step: TraceStep): void {
    this.byIncident.get(incidentId.toLowerCase())?.at(-1)?.steps.push(step);
  }

  /** The records of a message id, or of an incident id (oldest first); empty when unknown or forgotten. */
  lookup(id: string): WhyRecord[] {
    const m = this.byMessage.get(id);
    if (m) return [m];
    return [...(this.byIncident.get(id.toLowerCase()) ?? [])];
  }

  private forget(r: WhyRecord | undefined): void {
    if (!r) return;
    if (r.messageId !== undefined && this.byMessage.get(r.messageId) === r) this.byMessage.delete(r.messageId);
    if (r.incidentId === undefined) return;
    const rest = (this.byIncident.get(r.incidentId) ?? []).filter((x) => x !== r);
    if (rest.length > 0) this.byIncident.set(r.incidentId, rest);
    else this.byIncident.delete(r.incidentId);
  }
}
