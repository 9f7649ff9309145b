// Error codes and the error body of the bridge: one registry shared by both transports and the server side.
import { z } from 'zod';
import { ERROR_CODES } from '../protocol/index.js';

/** The protocol's error codes plus the ones only the bridge needs. */
export const BRIDGE_ERROR_CODES = [
  ...ERROR_CODES,
  /** The incident, subscription or upstream named in the request does not exist. */
  'not_found',
  /** The request is valid but clashes with the current state (e.g. a duplicate upstream name). */
  'conflict',
  /** The other side could not be reached (network down, server stopped, timeout). */
  'unavailable',
  /** The other side answered with something the contract does not allow. */
  'invalid_response',
] as const;
export type BridgeErrorCode = (typeof BRIDGE_ERROR_CODES)[number];

/** The JSON body of every refused call: `{ "error": { "code", "message" } }`. */
export const BridgeErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type BridgeErrorBody = z.infer<typeof BridgeErrorBodySchema>;

const KNOWN_CODES: ReadonlySet<string> = new Set(BRIDGE_ERROR_CODES);

/** A refused or failed bridge call; `code` is always one of BRIDGE_ERROR_CODES. */
export class BridgeError extends Error {
  override readonly name = 'BridgeError';
  readonly code: BridgeErrorCode;

  constructor(code: string, message: string) {
    super(message);
    this.code = KNOWN_CODES.has(code) ? (code as BridgeErrorCode) : 'internal_error';
  }

  /** The wire form of this error. */
  toBody(): BridgeErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

/** Wraps anything thrown into a BridgeError, keeping BridgeErrors as they are. */
export function toBridgeError(err: unknown, fallback: BridgeErrorCode = 'internal_error'): BridgeError {
  if (err instanceof BridgeError) return err;
  return new BridgeError(fallback, err instanceof Error ? err.message : String(err));
}
