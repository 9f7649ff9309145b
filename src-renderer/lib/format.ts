// Text formatting for the views: ages, clock times (local or UTC, the zone said), label pairs, field values.

/** How times are shown: the browser's local zone or UTC (what `incident-relay tail --utc` prints). */
export type TimeZoneChoice = 'local' | 'utc';

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Compact age of something that started at `sinceIso`: `45s`, `12m 05s`, `3h 07m`, `2d 4h`. */
export function formatAge(sinceIso: string, nowMs: number): string {
  const seconds = Math.max(0, Math.floor((nowMs - Date.parse(sinceIso)) / 1000));
  if (Number.isNaN(seconds)) return '?';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${pad2(seconds % 60)}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${pad2(minutes % 60)}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** Wall-clock time `HH:MM:SS` in the chosen zone (local by default). */
export function formatClock(iso: string, zone: TimeZoneChoice = 'local'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return zone === 'utc'
    ? `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
    : `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** Date and time `YYYY-MM-DD HH:MM:SS` in the chosen zone, followed by the zone (`UTC`, or the local offset). */
export function formatDateTime(iso: string, zone: TimeZoneChoice = 'local'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const date = zone === 'utc'
    ? `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
    : `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
  return `${date} ${formatClock(iso, zone)} ${zoneName(zone, d)}`;
}

/** `UTC`, or the local zone as its offset at `when` (`UTC+01:00`). */
export function zoneName(zone: TimeZoneChoice, when: Date = new Date()): string {
  if (zone === 'utc') return 'UTC';
  const offset = -when.getTimezoneOffset();
  const abs = Math.abs(offset);
  return `UTC${offset < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** Seconds until `targetMs`, never negative, rounded up. */
export function secondsUntil(targetMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((targetMs - nowMs) / 1000));
}

/** `key=value` pairs of a label map, sorted by key. */
export function labelPairs(labels: Readonly<Record<string, string>>): string[] {
  return Object.keys(labels).sort().map((k) => `${k}=${labels[k] ?? ''}`);
}

/** A value of an incident field as text: arrays joined, objects as JSON, empty as an em dash. */
export function fieldText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  if (typeof value === 'object') return JSON.stringify(value, null, 2);
  return String(value);
}
