// The time zone every time on screen is shown in (the status bar switches it).
import { useStore } from 'zustand';
import type { TimeZoneChoice } from '../lib/format.js';
import { useApp } from './app-context.js';

export function useTimeZone(): TimeZoneChoice {
  return useStore(useApp().stores.ui, (s) => s.timeZone);
}
