// Runs the desktop start-up as named steps: each is logged; a failing one undoes what started, tells the user, exits 1.
import type { DesktopPorts } from './desktop-ports.js';

export const START_FAILED_TITLE = 'Incident Relay could not start';

export interface StartRun {
  /** Runs one named step; a throw stops start-up at this step (see `fail`). */
  step<T>(name: string, run: () => T | Promise<T>): Promise<T>;
  /** What undoes a started step if a later one fails (undone newest first). */
  undoOnFailure(undo: () => Promise<void> | void): void;
  /** After a failed step: undoes what started, logs the step, shows the error box, exits with 1. Resolves null. */
  fail(err: unknown): Promise<null>;
}

/** A step's error, carrying the step's name. */
class StepFailed extends Error {
  constructor(readonly step: string, readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function startRun(ports: Pick<DesktopPorts, 'app' | 'logger' | 'showError'>): StartRun {
  const undos: (() => Promise<void> | void)[] = [];
  return {
    async step(name, run) {
      ports.logger.debug('start-up step', { step: name });
      try {
        return await run();
      } catch (err) {
        throw new StepFailed(name, err);
      }
    },
    undoOnFailure(undo) {
      undos.push(undo);
    },
    async fail(err) {
      const step = err instanceof StepFailed ? err.step : 'unknown';
      ports.logger.error('start-up failed', { step, error: message(err) });
      // Undone before the (blocking) error box, so clients of a started core are told and drained at once.
      for (const undo of undos.splice(0).reverse()) {
        try {
          await undo();
        } catch (undoErr) {
          ports.logger.warn('undoing a start-up step failed', { error: message(undoErr) });
        }
      }
      ports.showError(START_FAILED_TITLE, message(err));
      ports.app.exit(1);
      return null;
    },
  };
}
