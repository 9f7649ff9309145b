// Quiet hours: is a moment inside a daily local-time window (which may cross midnight)?
import type { NotifySettings } from './settings.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(timeZone ? { timeZone } : {}) });
    formatters.set(key, f);
  }
  return f;
}

/** Minutes since local midnight of `epochMs` in `timeZone` (the system zone when undefined). */
export function localMinuteOfDay(epochMs: number, timeZone?: string): number {
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return hour * 60 + minute;
}

const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** True when `minute` lies in [start, end); a window whose end is before its start crosses midnight. */
export function inDailyWindow(minute: number, start: string, end: string): boolean {
  const s = toMinutes(start);
  const e = toMinutes(end);
  if (s === e) return false;
  return s < e ? minute >= s && minute < e : minute >= s || minute < e;
}

/** Whether quiet hours are on at `epochMs`. */
export function isQuietTime(settings: NotifySettings['quiet_hours'], epochMs: number): boolean {
  if (!settings.enabled) return false;
  return inDailyWindow(localMinuteOfDay(epochMs, settings.time_zone), settings.start, settings.end);
}
