// Escalation settings form: on/off, the first step's minutes per severity, later steps, and the push targets.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { EscalationView } from '../../../src-shared/bridge/index.js';
import { useApp } from '../../app/app-context.js';
import { FieldError, invalidProps } from '../../forms/field-error.js';
import { fieldErrorsFromMessage, fullPathKey, type FieldErrors } from '../../forms/field-errors.js';
import { useFocusFirstInvalid } from '../../forms/use-focus-first-invalid.js';
import { attempt } from '../../stores/errors.js';
import { DEFAULT_DRAFT, draftFromView, newTarget, saveOfDraft, type EscalationDraft, type StepDraft } from './escalation-draft.js';
import { TargetFields } from './escalation-target-fields.js';

const SOURCE: Readonly<Record<EscalationView['source'], string>> = {
  settings: 'Saved here.',
  config: 'From the configuration file: saving here takes over (the file\'s token_file entries keep working; a token entered here wins).',
  none: 'Not set up yet.',
};

/** The messages at `path` and below it, joined (the server names paths like `escalation.steps.0.targets.0`). */
const messagesAt = (errors: FieldErrors, path: string): string | undefined => {
  const found = Object.entries(errors).filter(([k]) => k === path || k.startsWith(`${path}.`)).map(([, v]) => v);
  return found.length > 0 ? found.join('; ') : undefined;
};

export function EscalationForm() {
  const { bridge } = useApp();
  const [view, setView] = useState<EscalationView | null>(null);
  const [draft, setDraft] = useState<EscalationDraft>(DEFAULT_DRAFT);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef, errors);
  const show = (v: EscalationView): void => {
    setView(v);
    setDraft(draftFromView(v));
  };
  useEffect(() => {
    void attempt(() => bridge.escalation.get()).then((r) => (r.ok ? show(r.value) : setErrors({ '': r.message })));
  }, [bridge]);
  const change = (next: EscalationDraft): void => {
    setSaved(false);
    setDraft(next);
  };
  const setStep = (i: number, patch: Partial<StepDraft>): void => change({ ...draft, steps: draft.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)) });

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const request = saveOfDraft(draft);
    const r = await attempt(() => bridge.escalation.save(request));
    if (!r.ok) {
      setErrors(r.code === 'invalid_message' ? fieldErrorsFromMessage(r.message, request, fullPathKey) : { '': r.message });
      focusFirstInvalid();
      return;
    }
    setErrors({});
    show(r.value);
    setSaved(true);
  };

  const err = (path: string): string | undefined => messagesAt(errors, path);
  const input = (id: string, label: string, value: string, onChange: (v: string) => void, error: string | undefined, hint?: string) => (
    <div className={`form-field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} autoComplete="off" onChange={(e) => onChange(e.target.value)} {...invalidProps(id, error)} />
      {hint ? <p className="hint">{hint}</p> : null}
      <FieldError fieldId={id} message={error} />
    </div>
  );

  return (
    <form ref={formRef} className="card escalation-form" aria-labelledby="escalation-title" noValidate onSubmit={(e) => void submit(e)}>
      <h2 id="escalation-title">Escalation to phones</h2>
      <p className="hint">An unacknowledged incident goes to the push targets below, step by step, until someone acknowledges it. {view ? SOURCE[view.source] : ''}</p>
      <label className="inline"><input type="checkbox" checked={draft.enabled} onChange={(e) => change({ ...draft, enabled: e.target.checked })} /> Escalate</label>
      <fieldset className="form-field">
        <legend>Step 1: minutes unacknowledged before the first page (blank: that severity never escalates)</legend>
        <div className="row">
          {input('escalation-p0', 'P0', draft.p0Minutes, (v) => change({ ...draft, p0Minutes: v }), err('escalation.steps.0.after_minutes.P0') ?? err('escalation.steps.0.after_minutes'))}
          {input('escalation-p1', 'P1', draft.p1Minutes, (v) => change({ ...draft, p1Minutes: v }), err('escalation.steps.0.after_minutes.P1'))}
        </div>
      </fieldset>
      {draft.steps.map((s, i) => (
        <fieldset key={i} className="form-field" aria-label={`Step ${i + 1}`}>
          <legend>Step {i + 1}</legend>
          {i > 0 ? input(`escalation-step-${i}-after`, 'Minutes after the previous step', s.afterMinutes, (v) => setStep(i, { afterMinutes: v }), err(`escalation.steps.${i}.after_minutes`)) : null}
          {input(`escalation-step-${i}-targets`, 'Targets (names, comma-separated)', s.targets, (v) => setStep(i, { targets: v }), err(`escalation.steps.${i}.targets`))}
          {i > 0 ? <button type="button" onClick={() => change({ ...draft, steps: draft.steps.filter((_, j) => j !== i) })}>Remove step {i + 1}</button> : null}
        </fieldset>
      ))}
      <div className="form-buttons">
        <button type="button" onClick={() => change({ ...draft, steps: [...draft.steps, { targets: '', afterMinutes: '10' }] })}>Add step</button>
      </div>
      <FieldError fieldId="escalation-steps" message={errors['escalation.steps']} />
      {draft.targets.map((t, i) => (
        <TargetFields
          key={i} index={i} target={t} saved={view?.secrets.find((s) => s.target === t.name)}
          errorAt={(path) => (path === '' ? errors[`escalation.targets.${i}`] ?? errors[`secrets.${t.name}`] : err(`escalation.targets.${i}.${path}`))}
          onChange={(next) => change({ ...draft, targets: draft.targets.map((x, j) => (j === i ? next : x)) })}
          onRemove={() => change({ ...draft, targets: draft.targets.filter((_, j) => j !== i) })}
        />
      ))}
      <div className="form-buttons">
        <button type="button" onClick={() => change({ ...draft, targets: [...draft.targets, newTarget()] })}>Add target</button>
      </div>
      <FieldError fieldId="escalation-targets" message={errors['escalation.targets']} />
      {errors[''] ? <p className="error" role="alert">{errors['']}</p> : null}
      {Object.keys(errors).length > 0 && !errors[''] ? <p className="error" role="alert">Nothing was saved: fix the fields marked above.</p> : null}
      {saved ? <p className="success" role="status">Escalation settings saved and in force.</p> : null}
      <div className="form-buttons"><button type="submit" className="primary">Save escalation</button></div>
    </form>
  );
}
