// Multi-select as a group of checkboxes (fieldset + legend): nothing checked means "any".
import { FieldError, errorId } from './field-error.js';

export interface ChoiceGroupProps {
  id: string;
  legend: string;
  options: readonly string[];
  selected: readonly string[];
  onChange(selected: string[]): void;
  error?: string;
  /** Shown as the option's text; defaults to the value. */
  labelOf?: (value: string) => string;
}

export function ChoiceGroup({ id, legend, options, selected, onChange, error, labelOf }: ChoiceGroupProps) {
  const toggle = (value: string, on: boolean): void =>
    onChange(on ? options.filter((o) => o === value || selected.includes(o)) : selected.filter((s) => s !== value));
  return (
    <fieldset className={`form-field choice-group${error ? ' invalid' : ''}`} id={id} aria-describedby={error ? errorId(id) : undefined}>
      <legend>{legend} <span className="hint">{selected.length === 0 ? '(any)' : `(${selected.length})`}</span></legend>
      <div className="choices">
        {options.map((value) => (
          <label key={value} className="choice">
            <input type="checkbox" checked={selected.includes(value)} onChange={(e) => toggle(value, e.target.checked)} />
            {labelOf ? labelOf(value) : value}
          </label>
        ))}
      </div>
      <FieldError fieldId={id} message={error} />
    </fieldset>
  );
}
