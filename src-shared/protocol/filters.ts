// Subscription filters (PROTOCOL.md section 3): schema with size limits, and normalization to all seven keys.
import { z } from 'zod';
import { EVENT_TYPES, FILTER_LIMITS } from './constants.js';
import { SeveritySchema, StateSchema, UuidSchema } from './entities.js';

const { maxValues, maxLabels, maxStringLength } = FILTER_LIMITS;
const str = z.string().max(maxStringLength, `at most ${maxStringLength} characters`);
const list = <T extends z.ZodType>(item: T) => z.array(item).max(maxValues, `at most ${maxValues} values`);

/** Filters as a client sends them: every key optional, unknown keys ignored. */
export const FiltersInputSchema = z.object({
  event_types: list(z.enum(EVENT_TYPES)).optional(),
  severities: list(SeveritySchema).optional(),
  states: list(StateSchema).optional(),
  sources: list(str).optional(),
  affected_resources: list(str).optional(),
  labels: z.record(str, str).refine((l) => Object.keys(l).length <= maxLabels, `at most ${maxLabels} labels`).optional(),
  incident_ids: list(UuidSchema).optional(),
});
export type FiltersInput = z.infer<typeof FiltersInputSchema>;

/** Filters with all seven keys present, as echoed in `subscribed`. */
export interface Filters {
  event_types: string[];
  severities: string[];
  states: string[];
  sources: string[];
  affected_resources: string[];
  labels: Record<string, string>;
  incident_ids: string[];
}

const dedupe = (xs: readonly string[] | undefined): string[] => (xs ? [...new Set(xs)] : []);

/** Fills unset keys with `[]`/`{}` and removes duplicate values; incident ids are compared lower-case. */
export function normalizeFilters(input: FiltersInput | undefined): Filters {
  const f = input ?? {};
  const labels: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(f.labels ?? {})) labels[k] = v;
  return {
    event_types: dedupe(f.event_types),
    severities: dedupe(f.severities),
    states: dedupe(f.states),
    sources: dedupe(f.sources),
    affected_resources: dedupe(f.affected_resources),
    labels: { ...labels },
    incident_ids: dedupe(f.incident_ids?.map((s) => s.toLowerCase())),
  };
}

/** True when none of the six subject fields narrows the filter. */
export function hasEmptySubjectFilters(f: Filters): boolean {
  return f.severities.length === 0 && f.states.length === 0 && f.sources.length === 0
    && f.affected_resources.length === 0 && f.incident_ids.length === 0 && Object.keys(f.labels).length === 0;
}
