// A journal entry as a JetStream message: the event JSON as the body, what the hub computed in headers.
import type { JsMsg } from '@nats-io/jetstream';
import { MsgHdrsImpl, type MsgHdrs } from '@nats-io/transport-node';
import {
  eventIncidentId, IncidentEventSchema, parseWith, priorityOf, subjectOf, type IncidentEvent, type IncidentLookup, type Priority, type Subject,
} from '../../src-shared/protocol/index.js';
import { formatMessageId, type JournalEntry, type NewJournalEntry } from '../server/index.js';

/** Header names; the body is exactly `eventJson`, so other NATS tools see plain protocol events. */
export const HEADER = {
  publishedAt: 'Incident-Relay-Published-At',
  priority: 'Incident-Relay-Priority',
  subject: 'Incident-Relay-Subject',
  origin: 'Incident-Relay-Origin',
  node: 'Incident-Relay-Node',
} as const;

const decoder = new TextDecoder();

/** `incident-relay.events.<severity or none>.<event_type>` (for the default stream): NATS consumers can filter by both. */
export function natsSubjectOf(entry: NewJournalEntry, prefix: string): string {
  return `${prefix}.${entry.subject.severity ?? 'none'}.${entry.eventType}`;
}

/** JetStream's de-duplication header: a message id seen within the stream's window is stored once. */
const MSG_ID_HEADER = 'Nats-Msg-Id';

const LINE_BREAK = /[\r\n]/;

/** A header value as the client's `set` would take it: trimmed, and refused with its words when it holds a line break. */
function headerValue(v: string): [string] {
  if (LINE_BREAK.test(v)) throw new Error('header values cannot contain \\r or \\n');
  return [v.trim()];
}

/**
 * The headers of one entry; with `msgId`, also `Nats-Msg-Id`, so a retried publish is stored once. Built from a
 * record in one step (the client's `set` searches and re-validates the map on every call, per event).
 */
export function entryHeaders(entry: NewJournalEntry, node: string, msgId?: string): MsgHdrs {
  const r: Record<string, string[]> = {};
  if (msgId !== undefined) r[MSG_ID_HEADER] = headerValue(msgId);
  r[HEADER.publishedAt] = headerValue(entry.publishedAt);
  r[HEADER.priority] = [String(entry.priority)];
  r[HEADER.subject] = headerValue(JSON.stringify(entry.subject));
  r[HEADER.node] = headerValue(node);
  if (entry.origin !== undefined) r[HEADER.origin] = headerValue(entry.origin);
  return MsgHdrsImpl.fromRecord(r);
}

/**
 * A delivered message as a journal entry of the stream whose identity is `epoch`; `node` says which
 * relay published it. A message some other NATS client published is validated like a publish (its
 * subject worked out with `lookup`); undefined when it is not a protocol event.
 */
export function decodeEntry(
  m: Pick<JsMsg, 'seq' | 'data' | 'headers' | 'time'>, epoch: string, lookup: IncidentLookup,
): { entry: JournalEntry; node: string | undefined } | undefined {
  const eventJson = decoder.decode(m.data);
  const h = m.headers;
  const node = h?.get(HEADER.node) || undefined;
  let event: IncidentEvent;
  try {
    const parsed: unknown = JSON.parse(eventJson);
    if (node) event = parsed as IncidentEvent;
    else {
      const r = parseWith(IncidentEventSchema, parsed);
      if (!r.ok) return undefined;
      event = r.value;
    }
  } catch {
    return undefined; // not JSON: not ours, and nothing a client could use
  }
  const subjectText = node ? h?.get(HEADER.subject) : undefined;
  const origin = h?.get(HEADER.origin) || undefined;
  const entry: JournalEntry = {
    seq: m.seq,
    messageId: formatMessageId(epoch, m.seq),
    publishedAt: (node && h?.get(HEADER.publishedAt)) || m.time.toISOString(),
    priority: node ? (Number(h?.get(HEADER.priority)) as Priority) : priorityOf(event),
    event,
    eventType: event.event_type,
    eventJson,
    incidentId: eventIncidentId(event),
    subject: subjectText ? (JSON.parse(subjectText) as Subject) : subjectOf(event, lookup),
    origin,
  };
  return { entry, node };
}
