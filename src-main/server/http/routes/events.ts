// POST /v1/events: publish one event or a batch of 1..1000; all valid or nothing published.
import { IncidentEventSchema, PUBLISH_BATCH_MAX, parseWith, type IncidentEvent } from '../../../../src-shared/protocol/index.js';
import type { HttpRoute } from '../router.js';
import { HttpError, readJsonBody, requireJsonContentType, sendJson } from '../json-io.js';

export interface Publisher {
  publish(events: readonly IncidentEvent[]): Promise<{ messageId: string }[]>;
}

/** Validates a publish body; throws HttpError 400 naming the first bad path. */
export function parsePublishBody(body: unknown): IncidentEvent[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'invalid_message', 'body must be an event object or {"events":[...]}');
  }
  const isBatch = Object.prototype.hasOwnProperty.call(body, 'events') && !Object.prototype.hasOwnProperty.call(body, 'event_type');
  const items: unknown = isBatch ? (body as { events: unknown }).events : [body];
  if (!Array.isArray(items)) throw new HttpError(400, 'invalid_message', 'events: must be an array');
  if (items.length < 1 || items.length > PUBLISH_BATCH_MAX) {
    throw new HttpError(400, 'invalid_message', `events: must hold 1..${PUBLISH_BATCH_MAX} events, got ${items.length}`);
  }
  return items.map((item, k) => {
    const r = parseWith(IncidentEventSchema, item, isBatch ? `events.${k}` : '');
    if (!r.ok) throw new HttpError(400, 'invalid_message', r.message);
    return r.value;
  });
}

export function eventsRoute(hub: Publisher, bodyLimit: number): HttpRoute {
  return {
    method: 'POST', path: '/v1/events', scope: 'publish',
    async handle(req, res) {
      requireJsonContentType(req);
      const events = parsePublishBody(await readJsonBody(req, bodyLimit));
      const entries = await hub.publish(events);
      sendJson(res, 202, { message_ids: entries.map((e) => e.messageId) });
    },
  };
}
