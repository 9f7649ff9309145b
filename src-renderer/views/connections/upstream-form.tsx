// Add or edit an upstream: name, ws:// URL, optional token, enabled, and the filters it subscribes with.
import { useState, type FormEvent } from 'react';
import { UpstreamInputSchema, type Upstream } from '../../../src-shared/bridge/index.js';
import { useApp } from '../../app/app-context.js';
import { FieldError, invalidProps } from '../../forms/field-error.js';
import { errorsUnder } from '../../forms/field-errors.js';
import { EMPTY_FILTER_DRAFT, draftFromFilters, filtersFromDraft, type FilterDraft } from '../../forms/filter-draft.js';
import { FilterFields } from '../../forms/filter-fields.js';
import { useValidatedSave } from '../../forms/use-validated-save.js';

export function UpstreamForm({ editing, onDone }: { editing: Upstream | null; onDone(): void }) {
  const store = useApp().stores.upstreams;
  const [name, setName] = useState(editing?.name ?? '');
  const [url, setUrl] = useState(editing?.url ?? '');
  const [token, setToken] = useState('');
  const [clearToken, setClearToken] = useState(false);
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  const [draft, setDraft] = useState<FilterDraft>(editing ? draftFromFilters(editing.filters) : EMPTY_FILTER_DRAFT);
  const { formRef, errors, saving, submit: validateAndSave } = useValidatedSave();

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const tokenField = token !== '' ? { token } : clearToken ? { token: null } : {};
    const input = { name, url, enabled, filters: filtersFromDraft(draft), ...tokenField };
    const saved = await validateAndSave(UpstreamInputSchema, input, draft, (valid) =>
      editing ? store.getState().update(editing.id, valid) : store.getState().add(valid));
    if (saved) onDone();
  };

  const field = (id: string, label: string, value: string, set: (v: string) => void, error: string | undefined, type = 'text', placeholder?: string) => (
    <div className={`form-field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type} value={value} placeholder={placeholder} autoComplete="off" onChange={(e) => set(e.target.value)} {...invalidProps(id, error)} />
      <FieldError fieldId={id} message={error} />
    </div>
  );

  return (
    <form ref={formRef} className="card upstream-form" aria-labelledby="upstream-form-title" noValidate onSubmit={(e) => void submit(e)}>
      <h3 id="upstream-form-title">{editing ? `Edit upstream “${editing.name}”` : 'Add upstream'}</h3>
      {field('upstream-name', 'Name', name, setName, errors.name)}
      {field('upstream-url', 'WebSocket URL', url, setUrl, errors.url, 'url', 'ws://host:8080/ws')}
      {field('upstream-token', editing?.hasToken ? 'Token (leave blank to keep the stored one)' : 'Token (optional)', token, setToken, errors.token, 'password')}
      {editing?.tokenStorage === 'keychain-locked' ? (
        <p className="note" role="status">
          The stored token is sealed in the OS keychain, which is not open yet: this upstream runs without it, and
          Incident Relay tries again every 5 s, then reconnects with the same token.
        </p>
      ) : null}
      {editing?.hasToken ? (
        <label className="inline"><input type="checkbox" checked={clearToken} onChange={(e) => setClearToken(e.target.checked)} /> Remove the stored token</label>
      ) : null}
      <label className="inline"><input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Connect (enabled)</label>
      <details>
        <summary>Filters (what to take from this upstream; empty takes everything)</summary>
        <FilterFields idPrefix="upstream" draft={draft} onChange={setDraft} errors={errorsUnder(errors, 'filters')} />
      </details>
      {errors[''] ? <p className="error" role="alert">{errors['']}</p> : null}
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={saving}>{editing ? 'Save upstream' : 'Add upstream'}</button>
        {editing ? <button type="button" onClick={onDone}>Cancel</button> : null}
      </div>
    </form>
  );
}
