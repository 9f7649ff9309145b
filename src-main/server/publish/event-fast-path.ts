// The publish fast path: a check compiled once per event shape that says "zod would accept this event and return an equal copy".
import {
  INCIDENT_TYPES, RESOLUTION_METHODS, SEVERITIES, STATES, TIMELINE_EVENT_TYPES, TITLE_MAX, type IncidentEvent,
} from '../../../src-shared/protocol/index.js';

/**
 * A value check. It may say false for a value the schema accepts (the caller then asks zod, which also words the
 * refusal); it never says true for one the schema refuses or would return changed.
 */
type Check = (v: unknown) => boolean;

/** A field of a shape: its name, its check, and whether it may be absent, null or undefined (zod's `nullish`/`optional`). */
type Field = readonly [name: string, check: Check, absentOk?: 'optional' | 'nullish'];

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]00:00)$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

const str: Check = (v) => typeof v === 'string';
const bool: Check = (v) => typeof v === 'boolean';
const finite: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const count: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const uuid: Check = (v) => typeof v === 'string' && UUID.test(v);
const timestamp: Check = (v) => typeof v === 'string' && RFC3339_UTC.test(v) && !Number.isNaN(Date.parse(v));
const title: Check = (v) => typeof v === 'string' && v.length >= 1 && v.length <= TITLE_MAX;
const oneOf = (values: readonly string[]): Check => {
  const set = new Set(values);
  return (v) => typeof v === 'string' && set.has(v);
};
/** Every index, holes included (`every` would skip a hole, which zod refuses as `undefined`). */
const arrayOf = (item: Check): Check => (v) => {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
  return true;
};
/** `z.record(z.string(), z.string())`: zod drops a `__proto__` key (it assigns it), so such a map takes the slow path. */
const stringMap: Check = (v) => {
  if (!isPlainObject(v)) return false;
  for (const k in v) if (k === '__proto__' || typeof v[k] !== 'string') return false;
  return !Object.prototype.hasOwnProperty.call(v, '__proto__');
};

/**
 * `z.looseObject(shape)`. zod's output lists the shape's keys first, in shape order, then the unknown ones; an input
 * already in that order (as every publisher writes its events) comes out equal, so only such input is accepted here.
 */
function shape(fields: readonly Field[]): Check {
  const position = new Map(fields.map(([name], k) => [name, k]));
  return (v) => {
    if (!isPlainObject(v) || Object.prototype.hasOwnProperty.call(v, '__proto__')) return false;
    let last = -1;
    let unknownSeen = false;
    for (const key in v) {
      const at = position.get(key);
      if (at === undefined) { unknownSeen = true; continue; }
      if (unknownSeen || at < last) return false;
      last = at;
    }
    for (const [name, check, absentOk] of fields) {
      const value = v[name];
      if (value === undefined) {
        if (absentOk === undefined || Object.prototype.hasOwnProperty.call(v, name)) return false;
      } else if (!(value === null ? absentOk === 'nullish' : check(value))) return false;
    }
    return true;
  };
}

const severity = oneOf(SEVERITIES);
const state = oneOf(STATES);
const incidentType = oneOf(INCIDENT_TYPES);

const resolution = shape([
  ['resolved_at', timestamp, 'optional'], ['resolved_by', str, 'optional'], ['resolution_method', oneOf(RESOLUTION_METHODS), 'optional'],
  ['method', str, 'optional'], ['root_cause', str, 'nullish'], ['notes', str, 'nullish'],
]);
const timelineEntry = shape([
  ['timestamp', timestamp], ['event_type', oneOf(TIMELINE_EVENT_TYPES)], ['actor', str], ['description', str], ['metadata', stringMap, 'optional'],
]);
const note = shape([['id', uuid], ['author', str], ['content', str], ['created_at', timestamp]]);

const incident = shape([
  ['id', uuid], ['created_at', timestamp], ['updated_at', timestamp], ['state', state], ['severity', severity], ['incident_type', incidentType],
  ['source', str], ['title', title], ['description', str], ['affected_resources', arrayOf(str)], ['labels', stringMap], ['assignees', arrayOf(str)],
  ['related_incidents', arrayOf(uuid), 'nullish'], ['active_playbook', uuid, 'nullish'], ['resolution', resolution, 'nullish'],
  ['timeline', arrayOf(timelineEntry), 'nullish'], ['notes', arrayOf(note), 'nullish'], ['fingerprint', str, 'nullish'],
  ['correlation_score', finite, 'nullish'],
]);
const alert = shape([
  ['id', uuid], ['external_id', str], ['source', str], ['timestamp', timestamp], ['received_at', timestamp], ['severity', severity],
  ['alert_type', incidentType], ['title', title], ['description', str], ['labels', stringMap], ['affected_services', arrayOf(str)],
  ['annotations', stringMap], ['runbook_url', str, 'nullish'], ['incident_id', uuid, 'nullish'], ['deduplicated', bool, 'nullish'],
  ['parent_alert_id', uuid, 'nullish'],
]);

const literal = (type: string): Check => (v) => v === type;
const event = (type: string, fields: readonly Field[]): [string, Check] => [type, shape([['event_type', literal(type)], ...fields])];

/** One compiled check per event type, mirroring IncidentEventSchema (src-shared/protocol/events.ts) field by field. */
const BY_TYPE = new Map<string, Check>([
  event('incident_created', [['incident', incident]]),
  event('incident_updated', [['incident', incident], ['previous_state', state, 'nullish']]),
  event('incident_resolved', [['incident', incident]]),
  event('incident_closed', [['incident', incident]]),
  event('alert_received', [['alert', alert]]),
  event('alert_converted', [['alert', alert], ['incident_id', uuid]]),
  event('escalated', [['incident_id', uuid], ['from_severity', severity], ['to_severity', severity], ['reason', str]]),
  event('playbook_started', [['incident_id', uuid], ['playbook_id', uuid], ['playbook_name', str]]),
  event('playbook_action_executed', [['incident_id', uuid], ['playbook_id', uuid], ['action_name', str], ['success', bool], ['message', str]]),
  event('playbook_completed', [['incident_id', uuid], ['playbook_id', uuid], ['success', bool], ['actions_executed', count]]),
  event('notification_sent', [['incident_id', uuid], ['channel', str], ['success', bool]]),
  event('assignment_changed', [['incident_id', uuid], ['assignees', arrayOf(str)]]),
  event('comment_added', [['incident_id', uuid], ['author', str], ['comment', str], ['timestamp', timestamp]]),
  event('system_event', [['category', str], ['message', str], ['metadata', stringMap]]),
]);

/**
 * True when `v`, a value `JSON.parse` returned, is an event that `IncidentEventSchema` accepts and would return
 * equal, key order included, so it can be used as it is (nobody else holds a body the server just parsed).
 * False means: ask zod. (Objects JSON cannot produce, such as arrays with named keys, are not its input.)
 */
export function isWellFormedEvent(v: unknown): v is IncidentEvent {
  if (!isPlainObject(v)) return false;
  const check = BY_TYPE.get(v.event_type as string);
  return check !== undefined && check(v);
}
