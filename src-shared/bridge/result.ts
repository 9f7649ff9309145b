// A call's outcome as a plain value, for transports that cannot carry a thrown error's code (Electron IPC and contextBridge).
import { z } from 'zod';
import { BridgeError, BridgeErrorBodySchema, bridgeErrorFromBody, toBridgeError, type BridgeErrorBody } from './errors.js';

/** `{ ok: true, value }`, or `{ ok: false, error: { code, message, details? } }` (the HTTP error body's `error`). */
export type BridgeResult =
  | { ok: true; value: unknown }
  | { ok: false; error: BridgeErrorBody['error'] };

const FailureSchema = z.object({ ok: z.literal(false) }).extend(BridgeErrorBodySchema.shape);

export function bridgeSuccess(value: unknown): BridgeResult {
  return { ok: true, value };
}

/** Anything thrown, as a failed result (non-BridgeErrors become `internal_error`). */
export function bridgeFailure(err: unknown): BridgeResult {
  return { ok: false, error: toBridgeError(err).toBody().error };
}

/** The value of a successful result; throws the BridgeError a failed one describes, or `invalid_response`. */
export function unwrapBridgeResult(raw: unknown): unknown {
  if (typeof raw === 'object' && raw !== null && (raw as { ok?: unknown }).ok === true && 'value' in raw) {
    return (raw as { value: unknown }).value;
  }
  const failure = FailureSchema.safeParse(raw);
  if (failure.success) throw bridgeErrorFromBody(failure.data);
  throw new BridgeError('invalid_response', 'the other side answered with something that is not a bridge result');
}
