// One incident for a bridge call (read back when a cluster node evicted it), and the ingest's HTTP errors as bridge errors.
import { BridgeError } from '../../src-shared/bridge/index.js';
import type { Incident } from '../../src-shared/protocol/index.js';
import { fetchIncident, type IncidentSource } from '../ingest/index.js';
import { HttpError } from '../server/index.js';

/** A responder's or a lookup's refusal (404, 409 with the upstream's reason, 503 store unreachable) as the error the UI shows. */
export function asBridgeError(err: unknown): unknown {
  if (!(err instanceof HttpError)) return err;
  const code = err.status === 404 ? 'not_found' : err.status === 409 ? 'conflict' : err.status === 503 ? 'unavailable' : 'internal_error';
  return new BridgeError(code, err.message);
}

/** The incident (the store's `fetch` answers from memory first); `not_found` when it exists nowhere, `unavailable` when the store cannot be read. */
export async function bridgeIncident(source: IncidentSource, id: string): Promise<Incident> {
  try {
    return await fetchIncident(source, id);
  } catch (err) {
    throw asBridgeError(err);
  }
}
