// Finding the one incident a request is about: from memory at once, else read back from the store (a cluster node's bucket).
import { UuidSchema, parseWith, type Incident } from '../../src-shared/protocol/index.js';
import { HttpError } from '../server/index.js';

/** What a lookup needs: the in-memory answer and the read-back by lower-case id, memory first (an IncidentStore or the IncidentLedger). */
export interface IncidentSource {
  get(id: string): Incident | undefined;
  fetch(id: string): Promise<Incident | undefined>;
}

/** The `:id` of a route: a UUID, else 400 naming the field. */
export function incidentIdParam(raw: string | undefined): string {
  const r = parseWith(UuidSchema, raw ?? '', 'id');
  if (!r.ok) throw new HttpError(400, 'invalid_message', r.message);
  return r.value;
}

/** The 404 every single-incident route and bridge call answers for an incident that exists nowhere. */
export function noIncident(id: string): HttpError {
  return new HttpError(404, 'not_found', `no incident ${id}`);
}

/**
 * The incident, read back when memory does not hold it: 404 when the store has none either, 503 when the store cannot
 * be read (a cluster node cut from NATS), since the incident may exist. The 503's code is `internal_error`, as on every
 * other 503 of this server's routes (PROTOCOL.md section 6 lists the codes).
 */
export async function fetchIncident(source: IncidentSource, id: string): Promise<Incident> {
  let incident: Incident | undefined;
  try {
    incident = await source.fetch(id.toLowerCase());
  } catch (err) {
    throw new HttpError(503, 'internal_error',
      `incident ${id} is not held in this server's memory and the incident store cannot be read now (${(err as Error).message}); it may exist: try again`);
  }
  if (!incident) throw noIncident(id);
  return incident;
}

/**
 * Runs `act` on the incident: synchronously when memory holds it, so that reading it and staging a change stay one
 * step (see IncidentLedger); an incident evicted from a cluster node's memory is read back first (`fetchIncident`).
 */
export function withIncident<R>(source: IncidentSource, id: string, act: (cur: Incident) => Promise<R>): Promise<R> {
  const held = source.get(id.toLowerCase());
  return held ? act(held) : fetchIncident(source, id).then(act);
}
