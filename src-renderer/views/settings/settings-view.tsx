// Settings view: the notification policy form, escalation to phones, snoozing all notifications, a test notification, the theme.
import { useStore } from 'zustand';
import { THEMES, type Settings, type Theme } from '../../../src-shared/bridge/index.js';
import { useApp } from '../../app/app-context.js';
import { useTimeZone } from '../../app/use-time-zone.js';
import { formatDateTime } from '../../lib/format.js';
import { EscalationForm } from './escalation-form.js';
import { PolicyForm } from './policy-form.js';

const THEME_LABELS: Readonly<Record<Theme, string>> = { system: 'Follow the system', dark: 'Dark', light: 'Light' };
const HOUR_MS = 3_600_000;

function SnoozeAll({ settings }: { settings: Settings }) {
  const store = useApp().stores.settings;
  const until = settings.notifications.snoozedUntil;
  const zone = useTimeZone();
  const snoozeUntil = (iso: string | null): void => {
    void store.getState().save({ ...settings, notifications: { ...settings.notifications, snoozedUntil: iso } });
  };
  const active = until !== null && Date.parse(until) > Date.now();
  return (
    <section className="card" aria-labelledby="snooze-title">
      <h2 id="snooze-title">Snooze all notifications</h2>
      <p role="status">{active ? `Snoozed until ${formatDateTime(until, zone)}.` : 'Not snoozed.'}</p>
      <div className="form-buttons">
        <button type="button" onClick={() => snoozeUntil(new Date(Date.now() + HOUR_MS).toISOString())}>Snooze 1 hour</button>
        <button type="button" onClick={() => snoozeUntil(new Date(Date.now() + 8 * HOUR_MS).toISOString())}>Snooze 8 hours</button>
        {active ? <button type="button" onClick={() => snoozeUntil(null)}>End snooze</button> : null}
      </div>
    </section>
  );
}

function ThemePicker({ settings }: { settings: Settings }) {
  const store = useApp().stores.settings;
  return (
    <fieldset className="card theme-picker">
      <legend>Theme</legend>
      {THEMES.map((t) => (
        <label key={t} className="inline">
          <input
            type="radio" name="theme" value={t} checked={settings.theme === t}
            onChange={() => void store.getState().save({ ...settings, theme: t })}
          />
          {THEME_LABELS[t]}
        </label>
      ))}
    </fieldset>
  );
}

export function SettingsView() {
  const store = useApp().stores.settings;
  const settings = useStore(store, (s) => s.settings);
  const error = useStore(store, (s) => s.error);
  const testResult = useStore(store, (s) => s.testResult);
  if (!settings) return <p className={error ? 'error' : 'empty'} role={error ? 'alert' : undefined}>{error ?? 'Loading settings…'}</p>;
  return (
    <div className="two-columns">
      <div className="stack">
        <PolicyForm settings={settings} />
        <EscalationForm />
      </div>
      <div className="stack">
        <SnoozeAll settings={settings} />
        <section className="card" aria-labelledby="test-title">
          <h2 id="test-title">Test notification</h2>
          <button type="button" onClick={() => void store.getState().testNotification()}>Send a test notification</button>
          <p role="status">{testResult ? `${testResult.delivered ? 'Delivered' : 'Not delivered'}: ${testResult.detail}` : ''}</p>
        </section>
        <ThemePicker settings={settings} />
        {error ? <p className="error" role="alert">{error}</p> : null}
      </div>
    </div>
  );
}
