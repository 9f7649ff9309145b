// Snooze: silence everything, or one incident, until a given time; P0 may break through.
import { SEVERITIES, type Severity } from '../../src-shared/protocol/index.js';

/** Why a notification was held back. */
export type HoldReason = 'snoozed' | 'incident_snoozed' | 'quiet_hours';

export interface SnoozeView {
  /** Everything is snoozed until this time (epoch ms), if at all. */
  allUntil?: number;
  incidents: { incidentId: string; until: number }[];
}

const snoozedBelowP0 = (s: IncidentSnooze): boolean => s.severity !== undefined && SEVERITIES.indexOf(s.severity) > 0;

interface IncidentSnooze {
  until: number;
  /** Severity when snoozed: a later escalation to P0 breaks through the snooze. */
  severity?: Severity;
}

/** Incident snoozes kept at most; snoozing one more forgets the least recently snoozed. */
export const SNOOZED_INCIDENTS_MAX = 1000;

/** The active snoozes; expired ones are forgotten when next looked at. */
export class Snoozes {
  private allUntil: number | undefined;
  private readonly incidents = new Map<string, IncidentSnooze>();

  snoozeAll(until: number): void {
    this.allUntil = until;
  }

  snoozeIncident(incidentId: string, until: number, severity?: Severity): void {
    this.incidents.delete(incidentId);
    this.incidents.set(incidentId, severity ? { until, severity } : { until });
    if (this.incidents.size > SNOOZED_INCIDENTS_MAX) this.incidents.delete(this.incidents.keys().next().value!);
  }

  /** Ends the snooze of one incident, or with no id the "snooze everything"; true when there was one. */
  clear(incidentId?: string): boolean {
    if (incidentId !== undefined) return this.incidents.delete(incidentId);
    const had = this.allUntil !== undefined;
    this.allUntil = undefined;
    return had;
  }

  /**
   * Why a notification of this incident and severity is held now, or undefined. With `p0BreaksThrough`,
   * P0 passes "snooze everything", and passes an incident's snooze only if it was known to be below P0
   * when snoozed (a user who snoozed a P0 itself meant it).
   */
  holdReason(incidentId: string | undefined, severity: Severity | undefined, now: number, p0BreaksThrough: boolean): HoldReason | undefined {
    const isP0 = severity === 'P0';
    if (incidentId !== undefined) {
      const s = this.incidents.get(incidentId);
      if (s && s.until <= now) this.incidents.delete(incidentId);
      else if (s && !(isP0 && p0BreaksThrough && snoozedBelowP0(s))) return 'incident_snoozed';
    }
    if (this.allUntil !== undefined && this.allUntil <= now) this.allUntil = undefined;
    if (this.allUntil !== undefined && !(isP0 && p0BreaksThrough)) return 'snoozed';
    return undefined;
  }

  /** The snoozes still running at `now`, with the severity each incident had when snoozed (for saving). */
  exportState(now: number): { allUntil?: number; incidents: { incidentId: string; until: number; severity?: Severity }[] } {
    const incidents = [...this.incidents].filter(([, s]) => s.until > now).map(([incidentId, s]) => ({ incidentId, ...s }));
    return { ...(this.allUntil !== undefined && this.allUntil > now ? { allUntil: this.allUntil } : {}), incidents };
  }

  /** Adds saved snoozes (see `exportState`). */
  restore(saved: { allUntil?: number; incidents: readonly { incidentId: string; until: number; severity?: Severity }[] }): void {
    if (saved.allUntil !== undefined) this.allUntil = Math.max(saved.allUntil, this.allUntil ?? saved.allUntil);
    for (const s of saved.incidents) this.snoozeIncident(s.incidentId, s.until, s.severity);
  }

  view(now: number): SnoozeView {
    const incidents = [...this.incidents].filter(([, s]) => s.until > now).map(([incidentId, s]) => ({ incidentId, until: s.until }));
    return { ...(this.allUntil !== undefined && this.allUntil > now ? { allUntil: this.allUntil } : {}), incidents };
  }
}
