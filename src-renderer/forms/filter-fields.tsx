// The seven filter fields of PROTOCOL.md: multi-selects, tag inputs and the label editor, with inline messages.
import { EVENT_TYPES, SEVERITIES, STATES } from '../../src-shared/protocol/index.js';
import { SEVERITY_NAMES } from '../app/severity-badge.js';
import { ChoiceGroup } from './choice-group.js';
import type { FieldErrors } from './field-errors.js';
import type { FilterDraft } from './filter-draft.js';
import { LabelEditor } from './label-editor.js';
import { TagInput } from './tag-input.js';

export interface FilterFieldsProps {
  idPrefix: string;
  draft: FilterDraft;
  onChange(draft: FilterDraft): void;
  /** Keyed by filter field name (`severities`, `incident_ids`, …). */
  errors: FieldErrors;
}

export function FilterFields({ idPrefix, draft, onChange, errors }: FilterFieldsProps) {
  const set = <K extends keyof FilterDraft>(key: K) => (value: FilterDraft[K]) => onChange({ ...draft, [key]: value });
  const id = (name: string): string => `${idPrefix}-${name}`;
  return (
    <div className="filter-fields">
      <ChoiceGroup
        id={id('severities')} legend="Severities" options={SEVERITIES} selected={draft.severities}
        onChange={set('severities')} error={errors.severities} labelOf={(s) => `${s} ${SEVERITY_NAMES[s as keyof typeof SEVERITY_NAMES] ?? ''}`}
      />
      <ChoiceGroup id={id('states')} legend="States" options={STATES} selected={draft.states} onChange={set('states')} error={errors.states} />
      <ChoiceGroup
        id={id('event-types')} legend="Event types" options={EVENT_TYPES} selected={draft.event_types}
        onChange={set('event_types')} error={errors.event_types} labelOf={(t) => t.replaceAll('_', ' ')}
      />
      <TagInput
        id={id('sources')} label="Sources" values={draft.sources} onChange={set('sources')} error={errors.sources}
        placeholder="e.g. prometheus, then Enter"
      />
      <TagInput
        id={id('resources')} label="Affected resources" values={draft.affected_resources} onChange={set('affected_resources')}
        error={errors.affected_resources} placeholder="e.g. checkout-api, then Enter" hint="Matches when any listed resource is affected."
      />
      <TagInput
        id={id('incident-ids')} label="Incident ids" values={draft.incident_ids} onChange={set('incident_ids')}
        error={errors.incident_ids} placeholder="UUID, then Enter"
      />
      <LabelEditor id={id('labels')} rows={draft.labels} onChange={set('labels')} error={errors.labels} />
    </div>
  );
}
