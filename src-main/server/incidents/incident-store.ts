// The latest known version of every published incident: used for subject matching and the incidents API.
import type { Incident, Severity } from '../../../src-shared/protocol/index.js';

export interface IncidentStore {
  /** Latest version by lower-case id. */
  get(id: string): Incident | undefined;
  /** Records a newer version (the whole incident object as published). */
  put(incident: Incident): void;
  /** An `escalated` event changes the stored severity. */
  setSeverity(id: string, severity: Severity, at: string): void;
  list(): Incident[];
  size(): number;
}

/** Keeps incidents in a Map; the durable journal provides a persisted implementation. */
export class MemoryIncidentStore implements IncidentStore {
  private readonly byId = new Map<string, Incident>();

  get(id: string): Incident | undefined {
    return this.byId.get(id);
  }

  put(incident: Incident): void {
    this.byId.set(incident.id.toLowerCase(), incident);
  }

  setSeverity(id: string, severity: Severity, at: string): void {
    const cur = this.byId.get(id);
    if (cur) this.byId.set(id, { ...cur, severity, updated_at: at });
  }

  list(): Incident[] {
    return [...this.byId.values()];
  }

  size(): number {
    return this.byId.size;
  }
}
