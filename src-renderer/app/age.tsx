// A live-ticking age: re-renders with the shared clock in the UI store, not with its parent row.
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { formatAge, formatDateTime, secondsUntil } from '../lib/format.js';
import { useApp } from './app-context.js';
import { useTimeZone } from './use-time-zone.js';

export function Age({ since }: { since: string }) {
  const now = useStore(useApp().stores.ui, (s) => s.now);
  const zone = useTimeZone();
  const title = useMemo(() => formatDateTime(since, zone), [since, zone]);
  return <time dateTime={since} title={title}>{formatAge(since, now)}</time>;
}

/** "in 4s" until `at` (epoch ms), "now" once due. */
export function Countdown({ at }: { at: number }) {
  const now = useStore(useApp().stores.ui, (s) => s.now);
  const s = secondsUntil(at, now);
  return <span>{s === 0 ? 'now' : `in ${s}s`}</span>;
}
