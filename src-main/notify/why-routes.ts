// HTTP: `GET /v1/notify/why/:id` (a message or incident id) and `GET /v1/incidents/:id/why`, for `why` and the console.
import { HttpError, sendJson, type HttpRoute } from '../server/index.js';
import type { WhyRecord } from './why-log.js';

/** Message ids are opaque (PROTOCOL §5) but printable; incident ids are UUIDs. */
const ID_PATTERN = /^[\w.:-]{1,200}$/;

export interface WhyAnswer {
  id: string;
  /** `off` when notifications are not running here (then `decisions` is empty). */
  notifications: 'on' | 'off';
  decisions: WhyRecord[];
}

/** Routes answering why a message or incident did or did not notify; `why` is undefined when notifications are off. */
export function whyRoutes(why: ((id: string) => WhyRecord[]) | undefined, escalationWhy?: (id: string) => WhyRecord[]): HttpRoute[] {
  const answer = (raw: string | undefined): WhyAnswer => {
    const id = raw ?? '';
    if (!ID_PATTERN.test(id)) throw new HttpError(400, 'invalid_message', 'id: give a message_id or an incident id (letters, digits, . : _ -)');
    const decisions = [...(why ? why(id) : []), ...(escalationWhy ? escalationWhy(id) : [])];
    return { id, notifications: why ? 'on' : 'off', decisions };
  };
  return [
    { method: 'GET', path: '/v1/notify/why/:id', scope: 'read', handle: (_req, res, ctx) => sendJson(res, 200, answer(ctx.params['id'])) },
    { method: 'GET', path: '/v1/incidents/:id/why', scope: 'read', handle: (_req, res, ctx) => sendJson(res, 200, answer(ctx.params['id'])) },
  ];
}
