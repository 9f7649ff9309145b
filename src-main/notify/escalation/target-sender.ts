// Sends one step's page to one target: up to `attempts` tries with doubling waits, stopping once the incident stops escalating.
import type { Incident } from '../../../src-shared/protocol/index.js';
import { buildPage } from './escalation-page.js';
import type { EscalationSetup } from './escalator-face.js';
import type { PushTarget } from './push-target.js';
import type { TargetHealth } from './target-health.js';

export type NoteOutcome = 'pass' | 'hold' | 'drop' | 'fail';

export interface TargetSenderDeps {
  now(): number;
  /** Whether the incident still escalates (and the escalator still runs): false ends the tries. */
  live(id: string): boolean;
  note(id: string, outcome: NoteOutcome, detail: string): void;
  /** The health record in force (a new one after each settings change). */
  health(): TargetHealth;
  onWarning(message: string, fields: Record<string, unknown>): void;
}

export interface TargetSender {
  /** True when the target took the page. */
  send(id: string, target: PushTarget, step: number, incident: Incident, setup: EscalationSetup): Promise<boolean>;
  /** Ends every wait between tries (the escalator stops). */
  wakeAll(): void;
}

export function createTargetSender(d: TargetSenderDeps): TargetSender {
  const sleepers = new Set<() => void>();
  const wait = (ms: number): Promise<void> => new Promise((resolve) => {
    const t = setTimeout(done, ms);
    t.unref();
    function done(): void {
      clearTimeout(t);
      sleepers.delete(done);
      resolve();
    }
    sleepers.add(done);
  });

  return {
    async send(id, target, step, incident, s) {
      const page = buildPage(incident, step + 1, target, s.config, s.acknowledgeToken);
      const attempts = s.config.attempts;
      for (let attempt = 1; attempt <= attempts; attempt += 1) {
        if (!d.live(id)) return false;
        try {
          await target.send(page);
          d.health().delivered(target.name, d.now());
          d.note(id, 'pass', `step ${step + 1}: ${target.kind} "${target.name}" took the page${attempt > 1 ? ` (try ${attempt})` : ''}`);
          return true;
        } catch (err) {
          const message = (err as Error).message;
          d.health().failed(target.name, message, d.now());
          const last = attempt === attempts;
          d.note(id, 'fail', `step ${step + 1}: ${target.kind} "${target.name}" failed (try ${attempt} of ${attempts}): ${message}`);
          d.onWarning(last ? 'escalation target failed; falling through' : 'escalation target failed; retrying', { incident_id: id, target: target.name, error: message });
          if (!last) await wait(s.config.retry_base_secs * 1000 * 2 ** (attempt - 1));
        }
      }
      return false;
    },
    wakeAll() {
      for (const wake of [...sleepers]) wake();
    },
  };
}
