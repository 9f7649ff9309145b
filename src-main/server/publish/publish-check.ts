// The one publish validator: an HTTP body or an in-process list of events → the valid events, or a typed refusal (no HTTP types).
import { IncidentEventSchema, PUBLISH_BATCH_MAX, parseWith, type IncidentEvent } from '../../../src-shared/protocol/index.js';
import { isWellFormedEvent } from './event-fast-path.js';

/** Why a publish was refused; `status` is the HTTP status a route answers with (always 400: the caller's input). */
export interface PublishRefusal {
  ok: false;
  code: 'invalid_message';
  message: string;
  status: 400;
}

export type PublishCheck = { ok: true; value: IncidentEvent[] } | PublishRefusal;

const refusal = (message: string): PublishRefusal => ({ ok: false, code: 'invalid_message', message, status: 400 });

/**
 * Validates events given in-process (relay, ingest, notifications, control). Each bad event is named by
 * `events.<k>` and its field path; the first bad event decides, so nothing of a refused list is published.
 */
export function checkEvents(items: readonly unknown[], pathOf: (k: number) => string = (k) => `events.${k}`): PublishCheck {
  return checkItems(items, pathOf, false);
}

/**
 * With `ownsItems` (a body this server just parsed, which nobody else holds), an event the fast path vouches for is
 * taken as it is; every other one goes through zod, which returns a copy and words the refusal.
 */
function checkItems(items: readonly unknown[], pathOf: (k: number) => string, ownsItems: boolean): PublishCheck {
  const value: IncidentEvent[] = [];
  for (let k = 0; k < items.length; k++) {
    const item = items[k];
    if (ownsItems && isWellFormedEvent(item)) {
      value.push(item);
      continue;
    }
    const r = parseWith(IncidentEventSchema, item, pathOf(k));
    if (!r.ok) return refusal(r.message);
    value.push(r.value);
  }
  return { ok: true, value };
}

/** Validates a `POST /v1/events` body: one event object, or `{"events": [...]}` holding 1..PUBLISH_BATCH_MAX events. */
export function checkPublishBody(body: unknown): PublishCheck {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return refusal('body must be an event object or {"events":[...]}');
  }
  const isBatch = Object.prototype.hasOwnProperty.call(body, 'events') && !Object.prototype.hasOwnProperty.call(body, 'event_type');
  const items: unknown = isBatch ? (body as { events: unknown }).events : [body];
  if (!Array.isArray(items)) return refusal('events: must be an array');
  if (items.length < 1 || items.length > PUBLISH_BATCH_MAX) {
    return refusal(`events: must hold 1..${PUBLISH_BATCH_MAX} events, got ${items.length}`);
  }
  return checkItems(items, isBatch ? (k) => `events.${k}` : () => '', true);
}

/** What `server.publish` rejects with when its events fail the check: the refusal, as an Error for `await`ing callers. */
export class PublishRefusedError extends Error {
  readonly code: PublishRefusal['code'];
  readonly status: PublishRefusal['status'];
  constructor(readonly refusal: PublishRefusal) {
    super(refusal.message);
    this.name = 'PublishRefusedError';
    this.code = refusal.code;
    this.status = refusal.status;
  }
}
