// The status bar's time zone switch: says which zone times are in and flips between local and UTC (remembered).
import { useStore } from 'zustand';
import { zoneName } from '../lib/format.js';
import { useApp } from './app-context.js';

export function TimeZoneSwitch() {
  const ui = useApp().stores.ui;
  const zone = useStore(ui, (s) => s.timeZone);
  const other = zone === 'utc' ? 'local' : 'utc';
  return (
    <button
      type="button" className="stat time-zone" title={`Show times in ${other === 'utc' ? 'UTC' : 'local time'}`}
      aria-label={`Times in ${zone === 'utc' ? 'UTC' : `local time, ${zoneName('local')}`}; switch to ${other === 'utc' ? 'UTC' : 'local time'}`}
      onClick={() => ui.getState().setTimeZone(other)}
    >
      Times: <strong>{zone === 'utc' ? 'UTC' : `local ${zoneName('local')}`}</strong>
    </button>
  );
}
