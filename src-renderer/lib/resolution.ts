// An incident's resolution as a sentence, not JSON: notes, root cause, method, who and when.
import { formatDateTime, type TimeZoneChoice } from './format.js';

/** The resolution fields people read; other fields of the object are ignored. */
export interface ResolutionLike {
  notes?: string | null | undefined;
  root_cause?: string | null | undefined;
  resolution_method?: string | undefined;
  method?: string | undefined;
  resolved_by?: string | undefined;
  resolved_at?: string | undefined;
}

/** Lines describing the resolution, or [] when there is none. */
export function resolutionLines(r: ResolutionLike | null | undefined, zone: TimeZoneChoice): string[] {
  if (!r || typeof r !== 'object') return [];
  const lines: string[] = [];
  if (r.notes) lines.push(r.notes);
  if (r.root_cause) lines.push(`Root cause: ${r.root_cause}`);
  const method = r.resolution_method ?? r.method;
  const who = [method ? `${method}` : 'Resolved', r.resolved_by ? `by ${r.resolved_by}` : '', r.resolved_at ? `at ${formatDateTime(r.resolved_at, zone)}` : '']
    .filter(Boolean).join(' ');
  if (method || r.resolved_by || r.resolved_at) lines.push(who);
  return lines;
}
