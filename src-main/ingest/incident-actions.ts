// REST routes for responders (scope `respond`): POST /v1/incidents/:id/acknowledge, /unacknowledge and /comments (Idempotency-Key).
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { parseWith } from '../../src-shared/protocol/index.js';
import { HttpError, readJsonBody, sendJson, type HttpRoute } from '../server/index.js';
import type { ActionOutcome, IncidentResponder } from './incident-responder.js';
import { incidentIdParam } from './incident-lookup.js';

/** `{actor, note?}`: who acts (1..256 characters after trimming) and an optional note (up to 4000). */
export const ActorBodySchema = z.strictObject({
  actor: z.string().trim().min(1).max(256),
  note: z.string().trim().max(4000).optional(),
});

/** `{actor, comment}` (`author` accepted for `actor`, as comment_added names it). */
export const CommentBodySchema = z.strictObject({
  actor: z.string().trim().min(1).max(256).optional(),
  author: z.string().trim().min(1).max(256).optional(),
  comment: z.string().trim().min(1).max(4000),
}).refine((b) => (b.actor ?? b.author) !== undefined, 'give actor (or author)');

export interface IncidentActionRoutesDeps {
  responder: IncidentResponder;
  bodyLimit: number;
}

/** `Idempotency-Key`: 1..200 visible ASCII characters; absent is fine. */
function idempotencyKey(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(raw)) throw new HttpError(400, 'invalid_message', 'Idempotency-Key: must be 1 to 200 visible ASCII characters');
  return raw;
}

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = parseWith(schema, body);
  if (!r.ok) throw new HttpError(400, 'invalid_message', r.message);
  return r.value;
}

/** 200 with the incident; 202 with it and `pending` when the action waits in the write-back outbox. */
function sendOutcome(res: ServerResponse, outcome: ActionOutcome): void {
  if (outcome.pending) sendJson(res, 202, { ...outcome.incident, pending: outcome.pending });
  else sendJson(res, 200, outcome.incident);
}

export function incidentActionRoutes(deps: IncidentActionRoutesDeps): HttpRoute[] {
  const route = (action: 'acknowledge' | 'unacknowledge'): HttpRoute => ({
    method: 'POST', path: `/v1/incidents/:id/${action}`, scope: 'respond',
    async handle(req, res, ctx) {
      const id = incidentIdParam(ctx.params['id']);
      const body = parseBody(ActorBodySchema, await readJsonBody(req, deps.bodyLimit));
      const input = { actor: body.actor, ...(body.note ? { note: body.note } : {}) };
      sendOutcome(res, await deps.responder[action](id, input));
    },
  });
  const comments: HttpRoute = {
    method: 'POST', path: '/v1/incidents/:id/comments', scope: 'respond',
    async handle(req, res, ctx) {
      const id = incidentIdParam(ctx.params['id']);
      const key = idempotencyKey(req.headers['idempotency-key']);
      const body = parseBody(CommentBodySchema, await readJsonBody(req, deps.bodyLimit));
      sendOutcome(res, await deps.responder.comment(id, { actor: (body.actor ?? body.author)!, comment: body.comment, ...(key ? { idempotencyKey: key } : {}) }));
    },
  };
  return [route('acknowledge'), route('unacknowledge'), comments];
}
