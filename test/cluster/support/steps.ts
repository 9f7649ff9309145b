// Bounded test steps: a step that stalls fails fast with its name and state instead of running into the test timeout.

/** Thrown when a step does not finish in time. */
export class StepStalled extends Error {}

/** What a step's body gets: a signal that aborts when the step stalls, and a way to say what it saw last. */
export interface StepContext { signal: AbortSignal; note(text: string): void }

/**
 * Runs `run` and rejects with `step "<name>" did not finish within <ms> ms (<state>; <last note>)` when
 * it takes longer. The signal aborts then, so loops `run` started stop too.
 */
export async function step<T>(name: string, timeoutMs: number, run: (ctx: StepContext) => Promise<T>, state?: () => string): Promise<T> {
  const abort = new AbortController();
  let lastNote: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      const details = [state?.(), lastNote].filter((d) => d !== undefined).join('; ');
      reject(new StepStalled(`step "${name}" did not finish within ${timeoutMs} ms${details ? ` (${details})` : ''}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([run({ signal: abort.signal, note: (text) => { lastNote = text; } }), stalled]);
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

/** Resolves once `holds()` is true; polls until the step aborts. */
export async function until(holds: () => boolean, { signal }: StepContext, pollMs = 100): Promise<void> {
  while (!holds()) {
    if (signal.aborted) throw new StepStalled('aborted');
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Runs `attempt` until it resolves, pausing `pauseMs` after each failure (noted on the step); stops when the step aborts. */
export async function retrying<T>(attempt: () => Promise<T>, { signal, note }: StepContext, pauseMs = 500): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      note(`last error: ${(err as Error).message}`);
      if (signal.aborted) throw err;
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  }
}
