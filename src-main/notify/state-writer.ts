// Saves the notification state after changes: one write at a time, changes made during a write go in the next one.
import { writeFileAtomic } from './state-file.js';
import type { NotifyState } from './notify-state.js';

export interface StateWriterOptions {
  file: string;
  /** The state to write, taken when a write starts (so it holds every change made before). */
  snapshot(): NotifyState;
  /** A failed write; reported once per distinct error until a write succeeds again. */
  onError(err: unknown, context: string): void;
}

export class StateWriter {
  private running: Promise<void> | undefined;
  private pending = false;
  private lastError: string | undefined;

  constructor(private readonly options: StateWriterOptions) {}

  /** Asks for a save of the latest state. Requests made in one turn of the event loop share one write. */
  request(): void {
    this.pending = true;
    this.running ??= this.run();
  }

  /** Resolves when every save requested so far is on disk (or failed and was reported). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.pending) {
      this.pending = false;
      await this.writeOnce();
    }
    this.running = undefined;
  }

  private async writeOnce(): Promise<void> {
    try {
      await writeFileAtomic(this.options.file, `${JSON.stringify(this.options.snapshot())}\n`);
      this.lastError = undefined;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (message !== this.lastError) this.options.onError(err, `saving the notification state to ${this.options.file}`);
      this.lastError = message;
    }
  }
}
