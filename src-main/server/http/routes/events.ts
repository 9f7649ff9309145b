// POST /v1/events: publish one event or a batch of 1..1000; all valid or nothing published.
import type { IncidentEvent } from '../../../../src-shared/protocol/index.js';
import { checkPublishBody } from '../../publish/publish-check.js';
import type { HttpRoute } from '../router.js';
import { HttpError, readJsonBody, requireJsonContentType, sendJson } from '../json-io.js';

export interface Publisher {
  publish(events: readonly IncidentEvent[]): Promise<{ messageId: string }[]>;
}

export function eventsRoute(hub: Publisher, bodyLimit: number): HttpRoute {
  return {
    method: 'POST', path: '/v1/events', scope: 'publish',
    async handle(req, res) {
      requireJsonContentType(req);
      const checked = checkPublishBody(await readJsonBody(req, bodyLimit));
      if (!checked.ok) throw new HttpError(checked.status, checked.code, checked.message);
      const entries = await hub.publish(checked.value);
      sendJson(res, 202, { message_ids: entries.map((e) => e.messageId) });
    },
  };
}
