// Notification policy form: master switch, quiet hours, snooze length, re-notify interval, storm threshold, P0 breakthrough.
import { useRef, useState, type FormEvent } from 'react';
import { SettingsSchema, type Settings } from '../../../src-shared/bridge/index.js';
import { useApp } from '../../app/app-context.js';
import { FieldError, invalidProps } from '../../forms/field-error.js';
import { fieldErrorsFromIssues, fieldErrorsFromMessage, fullPathKey, type FieldErrors } from '../../forms/field-errors.js';
import { useFocusFirstInvalid } from '../../forms/use-focus-first-invalid.js';
import { NotificationChannel } from './notification-channel.js';
import { draftFromPolicy, policyFromDraft, type PolicyDraft } from './policy-draft.js';

const P = 'notifications.';

export function PolicyForm({ settings }: { settings: Settings }) {
  const store = useApp().stores.settings;
  const [draft, setDraft] = useState<PolicyDraft>(() => draftFromPolicy(settings.notifications));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef, errors);
  const set = <K extends keyof PolicyDraft>(key: K, value: PolicyDraft[K]): void => {
    setSaved(false);
    setDraft({ ...draft, [key]: value });
  };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const current = store.getState().settings ?? settings;
    const input = { ...current, notifications: policyFromDraft(draft, current.notifications.snoozedUntil) };
    const parsed = SettingsSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(fieldErrorsFromIssues(parsed.error.issues, input, fullPathKey));
      focusFirstInvalid();
      return;
    }
    const r = await store.getState().save(parsed.data);
    if (!r.ok) {
      setErrors(r.code === 'invalid_message' ? fieldErrorsFromMessage(r.message, input, fullPathKey) : { '': r.message });
      focusFirstInvalid();
      return;
    }
    setErrors({});
    setSaved(true);
  };

  const numberField = (key: 'defaultSnoozeMinutes' | 'renotifyIntervalMinutes' | 'stormThreshold', label: string, hint: string) => {
    const id = `policy-${key}`;
    const error = errors[P + key];
    return (
      <div className={`form-field${error ? ' invalid' : ''}`}>
        <label htmlFor={id}>{label}</label>
        <input id={id} type="number" inputMode="numeric" value={draft[key]} onChange={(e) => set(key, e.target.value)} {...invalidProps(id, error)} />
        <p className="hint">{hint}</p>
        <FieldError fieldId={id} message={error} />
      </div>
    );
  };
  const timeField = (key: 'quietStart' | 'quietEnd', path: string, label: string) => {
    const id = `policy-${key}`;
    const error = errors[P + path];
    return (
      <div className={`form-field${error ? ' invalid' : ''}`}>
        <label htmlFor={id}>{label}</label>
        <input id={id} type="time" value={draft[key]} onChange={(e) => set(key, e.target.value)} {...invalidProps(id, error)} />
        <FieldError fieldId={id} message={error} />
      </div>
    );
  };

  return (
    <form ref={formRef} className="card policy-form" aria-labelledby="policy-title" noValidate onSubmit={(e) => void submit(e)}>
      <h2 id="policy-title">Notification policy</h2>
      <NotificationChannel />
      <label className="inline"><input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled', e.target.checked)} /> Notify (policy switch; applies where the server shows notifications)</label>
      <fieldset className="form-field">
        <legend>Quiet hours</legend>
        <label className="inline"><input type="checkbox" checked={draft.quietEnabled} onChange={(e) => set('quietEnabled', e.target.checked)} /> Hold notifications back during quiet hours</label>
        <div className="row">{timeField('quietStart', 'quietHours.start', 'From')}{timeField('quietEnd', 'quietHours.end', 'Until')}</div>
      </fieldset>
      {numberField('defaultSnoozeMinutes', 'Snooze length (minutes)', 'Used by Snooze and the s key.')}
      {numberField('renotifyIntervalMinutes', 'Re-notify interval (minutes)', 'An unacknowledged P0 reminds again after this long (default 5); 0 never.')}
      {numberField('stormThreshold', 'Storm threshold (notifications per minute)', 'Above this (default 3), notifications are coalesced into one summary.')}
      <label className="inline">
        <input type="checkbox" checked={draft.p0Breakthrough} onChange={(e) => set('p0Breakthrough', e.target.checked)} />
        P0 breaks through quiet hours and snooze
      </label>
      {errors[''] ? <p className="error" role="alert">{errors['']}</p> : null}
      {Object.keys(errors).length > 0 && !errors[''] ? <p className="error" role="alert">Nothing was saved: fix the fields marked above.</p> : null}
      {saved ? <p className="success" role="status">Notification policy saved.</p> : null}
      <div className="form-buttons"><button type="submit" className="primary">Save policy</button></div>
    </form>
  );
}
