// REST routes for responders (scope `respond`): POST /v1/incidents/:id/acknowledge and /unacknowledge.
import { z } from 'zod';
import { UuidSchema, parseWith } from '../../src-shared/protocol/index.js';
import { HttpError, readJsonBody, sendJson, type HttpRoute } from '../server/index.js';
import type { IncidentResponder } from './incident-responder.js';

/** `{actor, note?}`: who acts (1..256 characters after trimming) and an optional note (up to 4000). */
export const ActorBodySchema = z.strictObject({
  actor: z.string().trim().min(1).max(256),
  note: z.string().trim().max(4000).optional(),
});

export interface IncidentActionRoutesDeps {
  responder: IncidentResponder;
  bodyLimit: number;
}

function incidentId(raw: string | undefined): string {
  const r = parseWith(UuidSchema, raw ?? '', 'id');
  if (!r.ok) throw new HttpError(400, 'invalid_message', r.message);
  return r.value;
}

function actorBody(body: unknown): z.infer<typeof ActorBodySchema> {
  const r = parseWith(ActorBodySchema, body);
  if (!r.ok) throw new HttpError(400, 'invalid_message', r.message);
  return r.value;
}

export function incidentActionRoutes(deps: IncidentActionRoutesDeps): HttpRoute[] {
  const route = (action: 'acknowledge' | 'unacknowledge'): HttpRoute => ({
    method: 'POST', path: `/v1/incidents/:id/${action}`, scope: 'respond',
    async handle(req, res, ctx) {
      const id = incidentId(ctx.params['id']);
      const body = actorBody(await readJsonBody(req, deps.bodyLimit));
      const input = { actor: body.actor, ...(body.note ? { note: body.note } : {}) };
      const { incident } = await deps.responder[action](id, input);
      sendJson(res, 200, incident);
    },
  });
  return [route('acknowledge'), route('unacknowledge')];
}
