// Create or edit a subscription: name, presets, the seven filter fields, notify switch; shared schema messages inline.
import { useState, type FormEvent } from 'react';
import { SubscriptionDraftSchema, type UiSubscription } from '../../../src-shared/bridge/index.js';
import { useApp } from '../../app/app-context.js';
import { FieldError, invalidProps } from '../../forms/field-error.js';
import { errorsUnder } from '../../forms/field-errors.js';
import { EMPTY_FILTER_DRAFT, FILTER_PRESETS, draftFromFilters, filtersFromDraft, type FilterDraft } from '../../forms/filter-draft.js';
import { FilterFields } from '../../forms/filter-fields.js';
import { useValidatedSave } from '../../forms/use-validated-save.js';

export interface SubscriptionFormProps {
  editing: UiSubscription | null;
  onDone(): void;
}

export function SubscriptionForm({ editing, onDone }: SubscriptionFormProps) {
  const store = useApp().stores.subscriptions;
  const [name, setName] = useState(editing?.name ?? '');
  const [notify, setNotify] = useState(editing?.notify ?? true);
  const [draft, setDraft] = useState<FilterDraft>(editing ? draftFromFilters(editing.filters) : EMPTY_FILTER_DRAFT);
  const [saved, setSaved] = useState<string | null>(null);
  const { formRef, errors, saving, submit: validateAndSave } = useValidatedSave();

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setSaved(null);
    const input = { name, filters: filtersFromDraft(draft), notify };
    const result = await validateAndSave(SubscriptionDraftSchema, input, draft, (valid) =>
      editing ? store.getState().update(editing.id, valid) : store.getState().create(valid));
    if (!result) return;
    setSaved(`Saved “${result.name}”.`);
    if (editing) onDone();
    else {
      setName('');
      setDraft(EMPTY_FILTER_DRAFT);
    }
  };

  const applyPreset = (preset: (typeof FILTER_PRESETS)[number]): void => {
    setDraft(preset.draft);
    if (name.trim() === '') setName(preset.name);
  };

  return (
    <form ref={formRef} className="card subscription-form" aria-labelledby="sub-form-title" noValidate onSubmit={(e) => void submit(e)}>
      <h3 id="sub-form-title">{editing ? `Edit “${editing.name}”` : 'New subscription'}</h3>
      <div className="presets" role="group" aria-label="Presets">
        {FILTER_PRESETS.map((p) => <button key={p.name} type="button" onClick={() => applyPreset(p)}>{p.name}</button>)}
      </div>
      <div className={`form-field${errors.name ? ' invalid' : ''}`}>
        <label htmlFor="sub-name">Name</label>
        <input id="sub-name" type="text" value={name} onChange={(e) => setName(e.target.value)} {...invalidProps('sub-name', errors.name)} />
        <FieldError fieldId="sub-name" message={errors.name} />
      </div>
      <FilterFields idPrefix="sub" draft={draft} onChange={setDraft} errors={errorsUnder(errors, 'filters')} />
      <label className="inline">
        <input type="checkbox" checked={notify} onChange={(e) => setNotify(e.target.checked)} />
        Notify me about matches (subject to the notification policy)
      </label>
      {errors[''] ? <p className="error" role="alert">{errors['']}</p> : null}
      {Object.keys(errors).length > 0 && !errors[''] ? (
        <p className="error" role="alert">Nothing was saved: fix the fields marked above.</p>
      ) : null}
      {saved ? <p className="success" role="status">{saved}</p> : null}
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={saving}>{editing ? 'Save changes' : 'Create subscription'}</button>
        {editing ? <button type="button" onClick={onDone}>Cancel</button> : null}
      </div>
    </form>
  );
}
