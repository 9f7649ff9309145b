// Error codes and the error body of the bridge: one registry shared by both transports and the server side.
import { z } from 'zod';
import { ERROR_CODES, describeIssues } from '../protocol/index.js';

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

/** At most this many field issues travel with one error. */
export const FIELD_ISSUES_MAX = 20;

/** One refused field: its path in the request (`['filters', 'severities', 0]`) and the schema's message. */
export const FieldIssueSchema = z.object({
  path: z.array(z.union([z.string().max(200), z.number().int()])).max(20),
  message: z.string().max(1000),
});
export type FieldIssue = z.infer<typeof FieldIssueSchema>;

/** Structured detail of a refusal; `issues` is set for `invalid_message` refusals that came from a schema. */
export const BridgeErrorDetailsSchema = z.object({ issues: z.array(FieldIssueSchema).max(FIELD_ISSUES_MAX) });
export type BridgeErrorDetails = z.infer<typeof BridgeErrorDetailsSchema>;

/** The JSON body of every refused call: `{ "error": { "code", "message", "details"? } }`. */
export const BridgeErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: BridgeErrorDetailsSchema.optional() }),
});
export type BridgeErrorBody = z.infer<typeof BridgeErrorBodySchema>;

const KNOWN_CODES: ReadonlySet<string> = new Set(BRIDGE_ERROR_CODES);

/** A refused or failed bridge call; `code` is always one of BRIDGE_ERROR_CODES. */
export class BridgeError extends Error {
  override readonly name = 'BridgeError';
  readonly code: BridgeErrorCode;
  /** Which fields were refused, when the refusal came from a schema. */
  readonly details: BridgeErrorDetails | undefined;

  constructor(code: string, message: string, details?: BridgeErrorDetails) {
    super(message);
    this.code = KNOWN_CODES.has(code) ? (code as BridgeErrorCode) : 'internal_error';
    this.details = details;
  }

  /** The wire form of this error (the HTTP body, and the `error` of a failed IPC result). */
  toBody(): BridgeErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

/** The BridgeError a wire body describes (details that fail their schema are left out, the refusal stays). */
export function bridgeErrorFromBody(body: BridgeErrorBody): BridgeError {
  const details = BridgeErrorDetailsSchema.safeParse(body.error.details);
  return new BridgeError(body.error.code, body.error.message, details.success ? details.data : undefined);
}

/** `invalid_message` for a request that failed its schema: the `path: message` text plus each field issue. */
export function invalidRequest(issues: readonly z.core.$ZodIssue[]): BridgeError {
  const fields = issues.slice(0, FIELD_ISSUES_MAX).map((i) => ({
    path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
    message: i.message,
  }));
  return new BridgeError('invalid_message', describeIssues(issues), { issues: fields });
}

/** Wraps anything thrown into a BridgeError, keeping BridgeErrors as they are. */
export function toBridgeError(err: unknown, fallback: BridgeErrorCode = 'internal_error'): BridgeError {
  if (err instanceof BridgeError) return err;
  return new BridgeError(fallback, err instanceof Error ? err.message : String(err));
}
