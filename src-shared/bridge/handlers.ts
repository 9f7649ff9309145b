// The main side of the contract: one handler per channel, run behind request validation, with HTTP status mapping.
import { BRIDGE_CHANNELS, isChannelName, type ChannelName, type ParsedRequestOf, type ResponseOf } from './channels.js';
import { BridgeError, invalidRequest, type BridgeErrorCode } from './errors.js';

/** Implementation of every channel, shared by the IPC and the HTTP transport. */
export type BridgeHandlers = {
  [C in ChannelName]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

/** Validates the request of `channel`, then runs its handler; throws BridgeError (unknown channel → not_found). */
export async function runBridgeCall(handlers: BridgeHandlers, channel: string, body: unknown): Promise<unknown> {
  if (!isChannelName(channel)) throw new BridgeError('not_found', `unknown channel ${JSON.stringify(channel.slice(0, 64))}`);
  const parsed = BRIDGE_CHANNELS[channel].request.safeParse(body ?? {});
  if (!parsed.success) throw invalidRequest(parsed.error.issues);
  const handler = handlers[channel] as (request: unknown) => Promise<unknown> | unknown;
  return handler(parsed.data);
}

/** HTTP status of each error code on `POST /control/<channel>`. */
export const BRIDGE_ERROR_HTTP_STATUS: Readonly<Record<BridgeErrorCode, number>> = {
  invalid_json: 400,
  invalid_message: 400,
  unknown_message_type: 400,
  unknown_subscription: 404,
  not_found: 404,
  subscription_limit: 409,
  conflict: 409,
  rate_limited: 429,
  unsupported_frame: 415,
  unauthorized: 401,
  forbidden: 403,
  unavailable: 503,
  invalid_response: 502,
  internal_error: 500,
};
