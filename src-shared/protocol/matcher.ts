// The filter matcher: does one normalized filter accept an event with a given subject (PROTOCOL.md section 3)?
import type { Filters } from './filters.js';
import type { Subject } from './subject.js';

const anyOf = (wanted: readonly string[], value: string | undefined): boolean =>
  wanted.length === 0 || (value !== undefined && wanted.includes(value));

/** AND across fields, OR within one field, labels AND and exact; absent subject attributes never match. */
export function matchesFilters(f: Filters, eventType: string, s: Subject): boolean {
  if (!anyOf(f.event_types, eventType)) return false;
  if (!anyOf(f.severities, s.severity)) return false;
  if (!anyOf(f.states, s.state)) return false;
  if (!anyOf(f.sources, s.source)) return false;
  if (!anyOf(f.incident_ids, s.incidentId)) return false;
  if (f.affected_resources.length > 0) {
    const res = s.resources;
    if (!res || !res.some((r) => f.affected_resources.includes(r))) return false;
  }
  for (const key in f.labels) {
    const labels = s.labels;
    if (!labels || !Object.prototype.hasOwnProperty.call(labels, key) || labels[key] !== f.labels[key]) return false;
  }
  return true;
}
