// The envelope every bridge call returns over IPC: Electron keeps only the message of a thrown error, not its code.
import { BridgeError, BridgeErrorBodySchema, toBridgeError } from '../../../src-shared/bridge/index.js';

/** Main → preload answer of one `ipcRenderer.invoke`; the preload turns `error` back into a BridgeError. */
export type IpcResult =
  | { ok: true; value: unknown }
  | { ok: false; error: { code: string; message: string } };

/** The channel main → renderer pushes travel on, as `(event: PushName, payload)`. */
export const PUSH_IPC_CHANNEL = 'bridge:push';

export function ipcSuccess(value: unknown): IpcResult {
  return { ok: true, value };
}

export function ipcFailure(err: unknown): IpcResult {
  return { ok: false, error: toBridgeError(err).toBody().error };
}

/** Unwraps an envelope in the preload: the value, or a BridgeError with the code main chose. */
export function unwrapIpcResult(raw: unknown): unknown {
  if (typeof raw === 'object' && raw !== null && (raw as { ok?: unknown }).ok === true && 'value' in raw) {
    return (raw as { value: unknown }).value;
  }
  const failure = BridgeErrorBodySchema.safeParse(raw);
  if (failure.success) throw new BridgeError(failure.data.error.code, failure.data.error.message);
  throw new BridgeError('invalid_response', 'the main process answered with something that is not a bridge result');
}
