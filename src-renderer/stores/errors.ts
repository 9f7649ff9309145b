// Turning a failed bridge call into the text a view shows.
import { BridgeError } from '../../src-shared/bridge/index.js';

/** The message to show for a failed call. */
export function errorText(err: unknown): string {
  if (err instanceof BridgeError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

/** Outcome of a save from a form: the saved value, or the message (field paths included) to show inline. */
export type SaveResult<T> = { ok: true; value: T } | { ok: false; message: string; code: string };

/** Runs a bridge call for a form, never throwing. */
export async function attempt<T>(call: () => Promise<T>): Promise<SaveResult<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (err) {
    return { ok: false, message: errorText(err), code: err instanceof BridgeError ? err.code : 'internal_error' };
  }
}
