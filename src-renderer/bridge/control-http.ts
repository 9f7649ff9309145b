// HTTP half of the web transport: `POST /control/<channel>` with a JSON body, errors as `{error:{code,message,details?}}`.
import { BridgeError, BridgeErrorBodySchema, bridgeErrorFromBody, type BridgeErrorCode } from '../../src-shared/bridge/index.js';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Error code to assume when a refusal carries no readable error body. */
function codeForStatus(status: number): BridgeErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status === 400 || status === 413 || status === 415) return 'invalid_message';
  if (status === 502 || status === 503 || status === 504) return 'unavailable';
  return 'internal_error';
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false }; // the caller turns an unreadable body into a BridgeError
  }
}

/** POSTs `body` as JSON to `url`; resolves with the parsed response body, rejects with a BridgeError. */
export async function postJson(
  fetchImpl: FetchLike, url: string, body: unknown, timeoutMs: number, headers: Record<string, string> = {},
): Promise<unknown> {
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body ?? {}),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new BridgeError('unavailable', `server unreachable: ${err instanceof Error ? err.message : String(err)}`);
  }
  const text = await res.text().catch((err: unknown) => {
    throw new BridgeError('unavailable', `response cut off: ${err instanceof Error ? err.message : String(err)}`);
  });
  const json = parseJson(text);
  if (!res.ok) {
    const errorBody = json.ok ? BridgeErrorBodySchema.safeParse(json.value) : undefined;
    if (errorBody?.success) throw bridgeErrorFromBody(errorBody.data);
    throw new BridgeError(codeForStatus(res.status), `HTTP ${res.status} ${res.statusText}`.trim());
  }
  if (!json.ok) throw new BridgeError('invalid_response', `HTTP ${res.status}: body is not JSON`);
  return json.value;
}
