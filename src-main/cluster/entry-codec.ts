// A journal entry as a JetStream message: the event JSON as the body, what the hub computed in one header.
import type { JsMsg } from '@nats-io/jetstream';
import { MsgHdrsImpl, type MsgHdrs } from '@nats-io/transport-node';
import {
  eventIncidentId, IncidentEventSchema, parseWith, PRIORITIES, priorityOf, subjectOf, type IncidentEvent, type IncidentLookup, type Priority, type Subject,
} from '../../src-shared/protocol/index.js';
import { formatMessageId, type JournalEntry, type NewJournalEntry } from '../server/index.js';

/**
 * Header names; the body is exactly `eventJson`, so other NATS tools see plain protocol events. `entry` packs what the
 * hub computed (see `packedEntry`); the four separate ones before it are what earlier versions wrote, still read.
 */
export const HEADER = {
  entry: 'Incident-Relay-Entry',
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

const PRIORITY_TEXTS: ReadonlySet<string> = new Set(Object.values(PRIORITIES).map(String));

/** A priority as written in a header; undefined unless it is one of the protocol's. */
function priorityFrom(text: string): Priority | undefined {
  return PRIORITY_TEXTS.has(text) ? (Number(text) as Priority) : undefined;
}

/** The version mark that starts an `Incident-Relay-Entry` value. */
const PACKED_VERSION = '1';

/**
 * `1 <node> <priority> <published at> <subject JSON>`: one header instead of four, because the client decodes every
 * header line of every delivered message on every node (canonical key, validation, a map entry). Node ids are hex
 * and timestamps RFC 3339, so neither holds a space; the subject comes last and may.
 */
export function packedEntry(entry: Pick<NewJournalEntry, 'priority' | 'publishedAt' | 'subject'>, node: string): string {
  return `${PACKED_VERSION} ${node} ${entry.priority} ${entry.publishedAt} ${JSON.stringify(entry.subject)}`;
}

interface Unpacked { node: string; priority: Priority; publishedAt: string; subjectJson: string }

/** The fields of an `Incident-Relay-Entry` value; undefined when it is not one this version can read. */
export function unpackEntry(value: string): Unpacked | undefined {
  const a = value.indexOf(' ');
  const b = value.indexOf(' ', a + 1);
  const c = value.indexOf(' ', b + 1);
  const d = value.indexOf(' ', c + 1);
  if (d < 0 || value.slice(0, a) !== PACKED_VERSION) return undefined;
  const priority = priorityFrom(value.slice(b + 1, c));
  if (priority === undefined || b === a + 1 || d === c + 1) return undefined;
  return { node: value.slice(a + 1, b), priority, publishedAt: value.slice(c + 1, d), subjectJson: value.slice(d + 1) };
}

/**
 * The headers of one entry; with `msgId`, also `Nats-Msg-Id`, so a retried publish is stored once. Built from a
 * record in one step (the client's `set` searches and re-validates the map on every call, per event).
 */
export function entryHeaders(entry: NewJournalEntry, node: string, msgId?: string): MsgHdrs {
  const r: Record<string, string[]> = {};
  if (msgId !== undefined) r[MSG_ID_HEADER] = headerValue(msgId);
  r[HEADER.entry] = headerValue(packedEntry(entry, node));
  if (entry.origin !== undefined) r[HEADER.origin] = headerValue(entry.origin);
  return MsgHdrsImpl.fromRecord(r);
}

/** What a relay node wrote beside the event: the packed header, or the separate ones of earlier versions. */
function relayFields(h: MsgHdrs | undefined): Unpacked | undefined {
  if (!h) return undefined;
  const packed = h.get(HEADER.entry);
  if (packed) return unpackEntry(packed);
  const node = h.get(HEADER.node);
  if (!node) return undefined;
  const priority = priorityFrom(h.get(HEADER.priority));
  if (priority === undefined) return undefined;
  return { node, priority, publishedAt: h.get(HEADER.publishedAt), subjectJson: h.get(HEADER.subject) };
}

/** The subject a relay node wrote; undefined when absent or not JSON (then it is worked out again). */
function subjectFrom(json: string | undefined): Subject | undefined {
  if (!json) return undefined;
  try {
    return JSON.parse(json) as Subject;
  } catch {
    return undefined;
  }
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
  const relay = relayFields(h);
  let event: IncidentEvent;
  try {
    const parsed: unknown = JSON.parse(eventJson);
    if (relay) event = parsed as IncidentEvent;
    else {
      const r = parseWith(IncidentEventSchema, parsed);
      if (!r.ok) return undefined;
      event = r.value;
    }
  } catch {
    return undefined; // not JSON: not ours, and nothing a client could use
  }
  const origin = h?.get(HEADER.origin) || undefined;
  const entry: JournalEntry = {
    seq: m.seq,
    messageId: formatMessageId(epoch, m.seq),
    publishedAt: relay?.publishedAt || m.time.toISOString(),
    priority: relay ? relay.priority : priorityOf(event),
    event,
    eventType: event.event_type,
    eventJson,
    incidentId: eventIncidentId(event),
    subject: subjectFrom(relay?.subjectJson) ?? subjectOf(event, lookup),
    origin,
  };
  return { entry, node: relay?.node };
}
