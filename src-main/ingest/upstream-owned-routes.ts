// PUT /v1/incidents/:id and POST …/resolve: on an upstream's incident sent through the write-back responder (never applied
// here); on this server's own, handled as before, then anything the incident held until resolved (its silence) is released.
import type { IncomingMessage } from 'node:http';
import { parseWith, UuidSchema, type Incident } from '../../src-shared/protocol/index.js';
import { HttpError, readJsonBody, sendJson, type HttpRoute } from '../server/index.js';
import type { ActionOutcome, IncidentResponder, ResolveInput } from './incident-responder.js';
import { RESOLUTION_METHODS } from './incident-responder.js';
import { IncidentUpdateSchema, ResolveBodySchema } from './incident-routes.js';

export interface UpstreamOwnedDeps {
  /** The upstream that owns the incident, or undefined when this server does. */
  ownerOf(id: string): string | undefined;
  responder: IncidentResponder;
  bodyLimit: number;
  /** This server's version of an incident. */
  lookup(id: string): Incident | undefined;
  /** A local PUT or resolve finished an incident (`before` is how it was): release what it held. */
  finished(before: Incident): Promise<void>;
}

const done = (i: Incident | undefined) => i !== undefined && (i.state === 'Resolved' || i.state === 'Closed');

const parse = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!r.ok) throw new HttpError(400, 'invalid_message', r.message);
  return r.value;
};

async function bodyOf(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = req.headers['content-length'];
  if ((declared === undefined || declared === '0') && req.headers['transfer-encoding'] === undefined) return {};
  return readJsonBody(req, limit);
}

const send = (res: Parameters<HttpRoute['handle']>[1], o: ActionOutcome) => sendJson(res, o.pending ? 202 : 200, o.pending ? { ...o.incident, pending: o.pending } : o.incident);

/** A PUT on an upstream's incident: assignees → assign; state Triaged/Detected/Resolved → acknowledge/un-acknowledge/resolve. */
async function forwardUpdate(deps: UpstreamOwnedDeps, id: string, owner: string, body: unknown): Promise<ActionOutcome> {
  const b = parse(parseWith(IncidentUpdateSchema, body)) as { state?: string; assignees?: string[]; actor?: string | null };
  const actor = typeof b.actor === 'string' && b.actor.trim() ? b.actor.trim() : 'api';
  let out: ActionOutcome | undefined;
  if (b.assignees) out = await deps.responder.assign(id, { actor, assignees: b.assignees });
  if (b.state === 'Triaged') out = await deps.responder.acknowledge(id, { actor });
  else if (b.state === 'Detected') out = await deps.responder.unacknowledge(id, { actor });
  else if (b.state === 'Resolved') out = await deps.responder.resolve(id, { actor });
  else if (b.state) throw new HttpError(409, 'conflict', `the incident belongs to upstream "${owner}": set state ${b.state} there (here: acknowledge, un-acknowledge, resolve)`);
  return out!;
}

function resolveInput(body: unknown): ResolveInput {
  const b = parse(parseWith(ResolveBodySchema, body)) as { resolved_by?: string; method?: string; notes?: string; root_cause?: string };
  const method = (RESOLUTION_METHODS as readonly string[]).includes(b.method ?? '') ? (b.method as ResolveInput['method']) : undefined;
  if (b.method !== undefined && method === undefined) throw new HttpError(400, 'invalid_message', `method: one of ${RESOLUTION_METHODS.join(', ')}`);
  return { actor: b.resolved_by ?? 'api', ...(method ? { method } : {}), ...(b.notes !== undefined ? { notes: b.notes } : {}), ...(b.root_cause !== undefined ? { root_cause: b.root_cause } : {}) };
}

/** The routes, with PUT and resolve diverted to the responder for upstream-owned incidents; others unchanged. */
export function guardUpstreamOwned(routes: HttpRoute[], deps: UpstreamOwnedDeps): HttpRoute[] {
  return routes.map((route) => {
    const isUpdate = route.method === 'PUT' && route.path === '/v1/incidents/:id';
    const isResolve = route.method === 'POST' && route.path === '/v1/incidents/:id/resolve';
    if (!isUpdate && !isResolve) return route;
    return {
      ...route,
      async handle(req, res, ctx) {
        const idCheck = parseWith(UuidSchema, ctx.params['id'] ?? '', 'id');
        const owner = idCheck.ok ? deps.ownerOf(idCheck.value) : undefined;
        if (!idCheck.ok) return route.handle(req, res, ctx);
        if (owner === undefined) {
          const before = deps.lookup(idCheck.value);
          await route.handle(req, res, ctx);
          if (before && !done(before) && done(deps.lookup(idCheck.value))) await deps.finished(before);
          return;
        }
        const body = await bodyOf(req, deps.bodyLimit);
        const id = idCheck.value;
        send(res, isUpdate ? await forwardUpdate(deps, id, owner, body) : await deps.responder.resolve(id, resolveInput(body)));
      },
    };
  });
}
