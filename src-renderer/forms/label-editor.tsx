// key=value label editor: one row per label, each with its own key and value fields and a remove button.
import { FieldError, errorId } from './field-error.js';

export interface LabelRow {
  key: string;
  value: string;
}

export interface LabelEditorProps {
  id: string;
  rows: readonly LabelRow[];
  onChange(rows: LabelRow[]): void;
  error?: string;
}

export function LabelEditor({ id, rows, onChange, error }: LabelEditorProps) {
  const edit = (at: number, patch: Partial<LabelRow>): void => onChange(rows.map((r, i) => (i === at ? { ...r, ...patch } : r)));
  return (
    <fieldset className={`form-field label-editor${error ? ' invalid' : ''}`} id={id} aria-describedby={error ? errorId(id) : undefined}>
      <legend>Labels <span className="hint">(all must match exactly)</span></legend>
      {rows.map((row, i) => (
        <div key={i} className="label-row">
          <label>
            <span className="visually-hidden">Label {i + 1} key</span>
            <input type="text" placeholder="key" value={row.key} onChange={(e) => edit(i, { key: e.target.value })} />
          </label>
          <span aria-hidden="true">=</span>
          <label>
            <span className="visually-hidden">Label {i + 1} value</span>
            <input type="text" placeholder="value" value={row.value} onChange={(e) => edit(i, { value: e.target.value })} />
          </label>
          <button type="button" className="icon" aria-label={`Remove label ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>×</button>
        </div>
      ))}
      <button type="button" className="link" onClick={() => onChange([...rows, { key: '', value: '' }])}>Add label</button>
      <FieldError fieldId={id} message={error} />
    </fieldset>
  );
}
