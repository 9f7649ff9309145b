// The port that keeps escalation step progress across a restart: which step of which incident is next, and when.

/** An incident's next step (index into the steps) and when it is due (epoch ms). */
export interface StepProgress {
  step: number;
  dueAt: number;
}

/**
 * Written when a step was taken (delivered or fallen through), read once at start. The app backs it with the SQLite
 * journal's file when there is one, else a JSON file in the data dir. A step in flight at a crash is not recorded as
 * taken, so it is sent again after the restart (at least once); a step recorded as taken is never repeated.
 */
export interface EscalationProgressStore {
  load(): Map<string, StepProgress>;
  save(incidentId: string, progress: StepProgress): void;
  forget(incidentId: string): void;
}

/** For tests and `--no-journal` without a data dir: nothing survives. */
export const memoryProgressStore = (): EscalationProgressStore => {
  const m = new Map<string, StepProgress>();
  return { load: () => new Map(m), save: (id, p) => void m.set(id, p), forget: (id) => void m.delete(id) };
};
