// Re-notification of unacknowledged P0 incidents: who is due when, until acknowledged or resolved.

/** An incident being reminded about. */
export interface Reminder {
  incidentId: string;
  headline: string;
  label: string;
  /** Reminders sent so far. */
  count: number;
  nextAt: number;
}

/** The P0 incidents that keep re-notifying. */
export class Reminders {
  private readonly byIncident = new Map<string, Reminder>();

  /** Starts (or restarts after a new notification) the reminders of an incident. */
  track(incidentId: string, info: { headline: string; label: string }, now: number, intervalMs: number): void {
    const prev = this.byIncident.get(incidentId);
    this.byIncident.set(incidentId, { incidentId, ...info, count: prev?.count ?? 0, nextAt: now + intervalMs });
  }

  stop(incidentId: string): boolean {
    return this.byIncident.delete(incidentId);
  }

  clear(): void {
    this.byIncident.clear();
  }

  has(incidentId: string): boolean {
    return this.byIncident.has(incidentId);
  }

  /** Earliest time a reminder is due. */
  dueAt(): number | undefined {
    let min: number | undefined;
    for (const r of this.byIncident.values()) if (min === undefined || r.nextAt < min) min = r.nextAt;
    return min;
  }

  /** The reminders due at `now` (oldest first), each counted and rescheduled `intervalMs` later. */
  takeDue(now: number, intervalMs: number): Reminder[] {
    const due = [...this.byIncident.values()].filter((r) => r.nextAt <= now).sort((a, b) => a.nextAt - b.nextAt);
    for (const r of due) {
      r.count += 1;
      r.nextAt = now + intervalMs;
    }
    return due.map((r) => ({ ...r }));
  }

  /** Takes back saved reminders (see `list`); reminders already tracked here are kept. */
  restore(saved: readonly Reminder[]): void {
    for (const r of saved) if (!this.byIncident.has(r.incidentId)) this.byIncident.set(r.incidentId, { ...r });
  }

  list(): Reminder[] {
    return [...this.byIncident.values()].map((r) => ({ ...r }));
  }
}
