// The seven filter fields as a form edits them, converted to and from the protocol's filter object.
import type { FiltersInput } from '../../src-shared/protocol/index.js';
import type { LabelRow } from './label-editor.js';

export interface FilterDraft {
  event_types: string[];
  severities: string[];
  states: string[];
  sources: string[];
  affected_resources: string[];
  incident_ids: string[];
  labels: LabelRow[];
}

export const EMPTY_FILTER_DRAFT: FilterDraft = {
  event_types: [], severities: [], states: [], sources: [], affected_resources: [], incident_ids: [], labels: [],
};

/** Presets of the subscription form. */
export const FILTER_PRESETS: readonly { name: string; draft: FilterDraft }[] = [
  { name: 'Critical: P0/P1', draft: { ...EMPTY_FILTER_DRAFT, severities: ['P0', 'P1'] } },
  { name: 'Everything', draft: EMPTY_FILTER_DRAFT },
];

export function draftFromFilters(f: FiltersInput | undefined): FilterDraft {
  return {
    event_types: [...(f?.event_types ?? [])],
    severities: [...(f?.severities ?? [])],
    states: [...(f?.states ?? [])],
    sources: [...(f?.sources ?? [])],
    affected_resources: [...(f?.affected_resources ?? [])],
    incident_ids: [...(f?.incident_ids ?? [])],
    labels: Object.entries(f?.labels ?? {}).map(([key, value]) => ({ key, value })),
  };
}

/** The filter object to validate: only non-empty fields; label rows left entirely blank are dropped. */
export function filtersFromDraft(d: FilterDraft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['event_types', 'severities', 'states', 'sources', 'affected_resources', 'incident_ids'] as const) {
    if (d[key].length > 0) out[key] = d[key];
  }
  const rows = d.labels.filter((r) => r.key.trim() !== '' || r.value.trim() !== '');
  if (rows.length > 0) out.labels = Object.fromEntries(rows.map((r) => [r.key.trim(), r.value.trim()]));
  return out;
}

/** A message for label rows with a value but no key (the shared schema allows an empty key; a form should not). */
export function labelRowProblem(d: FilterDraft): string | undefined {
  return d.labels.some((r) => r.key.trim() === '' && r.value.trim() !== '') ? 'every label needs a key' : undefined;
}
