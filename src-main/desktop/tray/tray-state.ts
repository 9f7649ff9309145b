// What the tray shows, computed from the incidents, their acknowledgements and the upstreams: count, level, tooltip, top five.
import type { Upstream } from '../../../src-shared/bridge/index.js';
import { SEVERITIES, type Incident, type Severity } from '../../../src-shared/protocol/index.js';
import { UNACKNOWLEDGED_STATES } from '../../notify/acknowledge.js';
import type { TrayLevel } from '../icons/tray-icons.js';

/** The tray menu lists this many active incidents. */
export const TRAY_TOP_COUNT = 5;
const LABEL_MAX = 60;
/** The degraded line names the cause and the fix. */
const CHANNEL_LINE_MAX = 160;
const PAGING: ReadonlySet<Severity> = new Set(['P0', 'P1']);
const CLOSED: ReadonlySet<string> = new Set(['Resolved', 'Closed']);

export interface TrayIncident {
  /** Lower-case incident id. */
  id: string;
  severity: Severity;
  label: string;
  acknowledged: boolean;
}

export interface TrayState {
  /** Active P0/P1 incidents nobody acknowledged. */
  unacknowledged: number;
  level: TrayLevel;
  tooltip: string;
  /** Up to TRAY_TOP_COUNT active incidents: unacknowledged first, then by severity, then newest. */
  top: TrayIncident[];
  /** One line per upstream that is not healthy (lagging, backing off, failed), e.g. "central: lagging 42 s". */
  upstreams: string[];
  /** "Notifications degraded: <cause; fix>" while the OS channel cannot deliver (the state /health reports), else null. */
  notifications: string | null;
}

/** The notification channel's state, as /health and `server:stats` report it. */
export interface ChannelView {
  state: 'ok' | 'degraded' | 'off';
  detail: string;
}

/** The line of an upstream that needs attention, or null when it is healthy, connecting or disabled. */
export function upstreamLine(u: Pick<Upstream, 'name' | 'state' | 'lagSeconds' | 'lastError'>): string | null {
  switch (u.state) {
    case 'lagging':
      return `${u.name}: lagging ${Math.round(u.lagSeconds ?? 0)} s`;
    case 'backoff':
      return `${u.name}: backing off`;
    case 'failed':
      return `${u.name}: failed${u.lastError ? ` (${shorten(u.lastError)})` : ''}`;
    default:
      return null;
  }
}

/** Acknowledged: an acknowledgement was recorded, or the incident already moved past Detected/Triaged. */
export function isAcknowledged(incident: Incident, acknowledged: (lowerCaseId: string) => boolean): boolean {
  return acknowledged(incident.id.toLowerCase()) || !UNACKNOWLEDGED_STATES.has(incident.state);
}

function shorten(text: string, max = LABEL_MAX): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const rank = (s: Severity): number => SEVERITIES.indexOf(s);

export function computeTrayState(
  incidents: Iterable<Incident>,
  acknowledged: (lowerCaseId: string) => boolean,
  upstreams: readonly Pick<Upstream, 'name' | 'state' | 'lagSeconds' | 'lastError'>[] = [],
  channel?: ChannelView,
): TrayState {
  const active = [...incidents].filter((i) => !CLOSED.has(i.state)).map((i) => ({ incident: i, acked: isAcknowledged(i, acknowledged) }));
  const waiting = active.filter((a) => !a.acked && PAGING.has(a.incident.severity));
  const anyP0 = waiting.some((a) => a.incident.severity === 'P0');
  const level: TrayLevel = anyP0 ? 'critical' : waiting.length > 0 ? 'urgent' : 'idle';
  active.sort((a, b) => Number(a.acked) - Number(b.acked)
    || rank(a.incident.severity) - rank(b.incident.severity)
    || Date.parse(b.incident.updated_at) - Date.parse(a.incident.updated_at));
  const top = active.slice(0, TRAY_TOP_COUNT).map(({ incident, acked }) => ({
    id: incident.id.toLowerCase(),
    severity: incident.severity,
    label: `${incident.severity} · ${shorten(incident.title)}${acked ? ' (acknowledged)' : ''}`,
    acknowledged: acked,
  }));
  const p0 = waiting.filter((a) => a.incident.severity === 'P0').length;
  const unhealthy = upstreams.map(upstreamLine).filter((l): l is string => l !== null);
  const notifications = channel?.state === 'degraded' ? `Notifications degraded: ${shorten(channel.detail, CHANNEL_LINE_MAX)}` : null;
  const tooltip = (waiting.length === 0
    ? 'Incident Relay: nothing waiting'
    : `Incident Relay: ${waiting.length} unacknowledged P0/P1${p0 > 0 ? ` (${p0} P0)` : ''}`)
    + (notifications ? ' · notifications degraded' : '')
    + (unhealthy.length > 0 ? ` · ${unhealthy.join(', ')}` : '');
  return { unacknowledged: waiting.length, level, tooltip, top, upstreams: unhealthy, notifications };
}
