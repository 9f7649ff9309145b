// Tag input: type a value and press Enter or comma (or leave the field) to add it; each tag has a remove button.
import { useState, type KeyboardEvent } from 'react';
import { FieldError, invalidProps } from './field-error.js';

export interface TagInputProps {
  id: string;
  label: string;
  values: readonly string[];
  onChange(values: string[]): void;
  placeholder?: string;
  hint?: string;
  error?: string;
}

export function TagInput({ id, label, values, onChange, placeholder, hint, error }: TagInputProps) {
  const [text, setText] = useState('');
  const commit = (): void => {
    const parts = text.split(',').map((s) => s.trim()).filter((s) => s !== '' && !values.includes(s));
    if (parts.length > 0) onChange([...values, ...new Set(parts)]);
    setText('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      commit();
    } else if (e.key === 'Backspace' && text === '' && values.length > 0) {
      onChange(values.slice(0, -1));
    }
  };
  return (
    <div className={`form-field tag-field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="tag-input">
        {values.length > 0 ? (
          <ul className="tags" aria-label={`${label}: ${values.length} added`}>
            {values.map((v) => (
              <li key={v} className="tag">
                {v}
                <button type="button" className="tag-remove" aria-label={`Remove ${v}`} onClick={() => onChange(values.filter((x) => x !== v))}>×</button>
              </li>
            ))}
          </ul>
        ) : null}
        <input
          id={id} type="text" value={text} placeholder={placeholder} onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown} onBlur={commit} {...invalidProps(id, error)}
        />
      </div>
      {hint ? <p className="hint">{hint}</p> : null}
      <FieldError fieldId={id} message={error} />
    </div>
  );
}
