// The query of `GET /v1/stream` (PROTOCOL 1.1 §1) as a `subscribe` message: filters, resume point, subscription id; 400 on bad input.
import type { IncomingMessage } from 'node:http';
import { CLIENT_MESSAGE_SCHEMAS, parseWith, type SubscribeMessage } from '../../../src-shared/protocol/index.js';
import { HttpError } from '../http/json-io.js';

/** Filter fields taken as comma-separated lists. */
const LIST_FIELDS = ['event_types', 'severities', 'states', 'sources', 'affected_resources', 'incident_ids'] as const;
/** Every parameter the stream takes; anything else is refused, so a typo never silently streams everything. */
export const SSE_PARAMETERS = [...LIST_FIELDS, 'labels', 'last_event_id', 'subscription_id'] as const;
/** The subscription id events list in `subscription_ids` when the query names none. */
export const SSE_DEFAULT_SUBSCRIPTION_ID = 'sse';

const splitList = (values: string[]): string[] => values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');

/** `labels=team:db,env:prod` → `{team:"db", env:"prod"}` (the value may itself hold `:`). */
function parseLabels(values: string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of splitList(values)) {
    const at = pair.indexOf(':');
    if (at <= 0) throw new HttpError(400, 'invalid_message', `labels: "${pair.slice(0, 64)}" is not KEY:VALUE (e.g. labels=team:db,env:prod)`);
    labels[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return labels;
}

/**
 * The `subscribe` message a stream request stands for, validated by the same schema as on `/ws`; the resume point is
 * the `Last-Event-ID` header (an EventSource's reconnect) or else `?last_event_id=`. Throws HttpError 400.
 */
export function streamSubscription(url: URL, req: IncomingMessage): SubscribeMessage {
  const params = new Map<string, string[]>();
  for (const [key, value] of url.searchParams) {
    if (!(SSE_PARAMETERS as readonly string[]).includes(key)) {
      throw new HttpError(400, 'invalid_message', `unknown parameter "${key.slice(0, 64)}"; the stream takes ${SSE_PARAMETERS.join(', ')}`);
    }
    params.set(key, [...(params.get(key) ?? []), value]);
  }
  const filters: Record<string, unknown> = {};
  for (const field of LIST_FIELDS) {
    const values = params.get(field);
    if (values) filters[field] = splitList(values);
  }
  const labels = params.get('labels');
  if (labels) filters.labels = parseLabels(labels);
  const header = req.headers['last-event-id'];
  const resumeAfter = (typeof header === 'string' && header !== '' ? header : undefined) ?? params.get('last_event_id')?.at(-1);
  const message = {
    type: 'subscribe', subscription_id: params.get('subscription_id')?.at(-1) ?? SSE_DEFAULT_SUBSCRIPTION_ID, filters,
    ...(resumeAfter === undefined ? {} : { resume_after: resumeAfter }),
  };
  const parsed = parseWith(CLIENT_MESSAGE_SCHEMAS.subscribe, message);
  if (!parsed.ok) throw new HttpError(400, 'invalid_message', parsed.message.replace(/^filters\./, ''));
  return parsed.value as SubscribeMessage;
}
