// The incidents REST API: list and get (scope read), update and resolve (scope respond), each change published as its event.
// Bodies are Rust-shaped (PROTOCOL 1.1 §7): complete incidents, `null` accepted wherever the Rust request has an Option.
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import {
  ResolutionMethodSchema, StateSchema, completeIncident, parseWith, type Incident, type IncidentEvent,
} from '../../src-shared/protocol/index.js';
import type { BridgeErrorCode } from '../../src-shared/bridge/index.js';
import { HttpError, type HttpRoute, readJsonBody, sendJson } from '../server/index.js';
import { changeState, laterOf, resolveIncident, sameStrings, type Resolution } from './incident-lifecycle.js';
import type { IncidentLedger } from './incident-ledger.js';
import { incidentPage, parseListQuery } from './incident-query.js';
import { checkTransition } from './incident-transitions.js';
import { incidentIdParam, withIncident } from './incident-lookup.js';
import { publishStaged, type IngestHost } from './ingest-host.js';

const CONFLICT: BridgeErrorCode = 'conflict';

const name = z.string().trim().min(1).max(256);
/** The Rust `UpdateIncidentRequest`: every field an Option (`null` = not given); `actor` names who changed the state. */
export const IncidentUpdateSchema = z.strictObject({
  state: StateSchema.nullish(),
  /** The whole new list (replaces the old one); duplicates are dropped. */
  assignees: z.array(name).max(50).nullish(),
  actor: name.nullish(),
}).refine((b) => b.state != null || b.assignees != null, 'give state and/or assignees');

/** The Rust `ResolveIncidentRequest` (`method` one of Automated, Manual, AutoAssistedManual); all optional here. */
export const ResolveBodySchema = z.looseObject({
  resolved_by: name.nullish(),
  method: ResolutionMethodSchema.nullish(),
  notes: z.string().max(4000).nullish(),
  root_cause: z.string().max(4000).nullish(),
});

export interface IncidentRoutesDeps {
  host: IngestHost;
  ledger: IncidentLedger;
  bodyLimit: number;
  now?: () => string;
}

/** A body is optional when the request declares none (no length, or length 0, and not chunked). */
async function optionalJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = req.headers['content-length'];
  if ((declared === undefined || declared === '0') && req.headers['transfer-encoding'] === undefined) return {};
  return readJsonBody(req, limit);
}

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = parseWith(schema, body);
  if (!r.ok) throw new HttpError(400, 'invalid_message', r.message);
  return r.value;
}

export function incidentRoutes(deps: IncidentRoutesDeps): HttpRoute[] {
  const now = deps.now ?? (() => new Date().toISOString());
  const publish = async (events: IncidentEvent[], next: Incident) => {
    deps.ledger.stage(next);
    await publishStaged(deps.host, deps.ledger, events, [next]);
  };
  /** PUT: new assignees and/or state, published as their events; answers the incident as it now is. */
  const update = async (cur: Incident, body: z.infer<typeof IncidentUpdateSchema>): Promise<Incident> => {
    const at = now();
    const actor = body.actor ?? 'api';
    const events: IncidentEvent[] = [];
    let next: Incident = cur;
    const assignees = body.assignees ? [...new Set(body.assignees)] : cur.assignees;
    if (!sameStrings(assignees, cur.assignees)) {
      next = { ...next, assignees, updated_at: laterOf(at, cur.updated_at) };
      events.push({ event_type: 'assignment_changed', incident_id: cur.id, assignees });
    }
    const to = body.state ?? cur.state;
    const check = checkTransition(cur.state, to);
    if (!check.ok) throw new HttpError(409, CONFLICT, check.reason);
    if (check.changed) {
      if (to === 'Resolved') {
        next = resolveIncident(next, { resolved_at: at, resolved_by: actor, resolution_method: 'Manual', root_cause: null, notes: '' }, at);
        events.push({ event_type: 'incident_resolved', incident: next });
      } else {
        next = changeState(next, to, actor, at);
        events.push(to === 'Closed' ? { event_type: 'incident_closed', incident: next } : { event_type: 'incident_updated', incident: next, previous_state: cur.state });
      }
    }
    if (events.length > 0) await publish(events, next);
    return next;
  };
  /** POST …/resolve: Resolved stays as it is, Closed is final (409). */
  const resolve = async (cur: Incident, body: z.infer<typeof ResolveBodySchema>): Promise<Incident> => {
    if (cur.state === 'Resolved') return cur;
    if (cur.state === 'Closed') throw new HttpError(409, CONFLICT, 'the incident is Closed, which is final');
    const at = now();
    const resolution: Resolution = {
      resolved_at: at, resolved_by: body.resolved_by ?? 'api', resolution_method: body.method ?? 'Manual',
      root_cause: body.root_cause ?? null, notes: body.notes ?? '',
    };
    const next = resolveIncident(cur, resolution, at);
    await publish([{ event_type: 'incident_resolved', incident: next }], next);
    return next;
  };

  return [
    {
      method: 'GET', path: '/v1/incidents', scope: 'read',
      async handle(_req, res, ctx) {
        const q = parseListQuery(ctx.url.searchParams);
        const page = incidentPage(await deps.ledger.query(q), q);
        sendJson(res, 200, { ...page, incidents: page.incidents.map(completeIncident) });
      },
    },
    {
      method: 'GET', path: '/v1/incidents/:id', scope: 'read',
      async handle(_req, res, ctx) {
        sendJson(res, 200, completeIncident(await withIncident(deps.ledger, incidentIdParam(ctx.params['id']), async (cur) => cur)));
      },
    },
    {
      method: 'PUT', path: '/v1/incidents/:id', scope: 'respond',
      async handle(req, res, ctx) {
        const body = parseBody(IncidentUpdateSchema, await readJsonBody(req, deps.bodyLimit));
        const next = await withIncident(deps.ledger, incidentIdParam(ctx.params['id']), (cur) => update(cur, body));
        sendJson(res, 200, completeIncident(next));
      },
    },
    {
      method: 'POST', path: '/v1/incidents/:id/resolve', scope: 'respond',
      async handle(req, res, ctx) {
        const body = parseBody(ResolveBodySchema, await optionalJsonBody(req, deps.bodyLimit));
        sendJson(res, 200, completeIncident(await withIncident(deps.ledger, incidentIdParam(ctx.params['id']), (cur) => resolve(cur, body))));
      },
    },
  ];
}
