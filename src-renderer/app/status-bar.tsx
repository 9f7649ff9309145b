// Status bar: connection state, events-per-minute sparkline, deliveries, active connections, upstreams, time zone, sign-out.
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from './app-context.js';
import { Sparkline } from './sparkline.js';
import { TimeZoneSwitch } from './time-zone-switch.js';

const CONNECTION_LABELS = {
  connecting: 'Connecting…', connected: 'Connected', disconnected: 'Disconnected', unauthorized: 'Signed out',
} as const;

export function StatusBar() {
  const { stores, signOut } = useApp();
  const state = useStore(stores.ui, (s) => s.connection.state);
  const stats = useStore(stores.server, (s) => s.stats);
  const upstreams = useStore(stores.upstreams, useShallow((s) => s.list.map((u) => u.state)));
  const perMinute = stats?.eventsPerMinute ?? [];
  const channel = stats?.notifications;
  const current = perMinute.length > 0 ? perMinute[perMinute.length - 1]! : 0;
  return (
    <footer className="status-bar" aria-label="Status">
      <span className={`conn conn-${state}`} role="status">
        <span className="conn-dot" aria-hidden="true" />{CONNECTION_LABELS[state]}
      </span>
      <span className="stat">
        Events/min
        <Sparkline values={perMinute} label={`Events per minute over the last ${perMinute.length} minutes, now ${current}`} />
        <strong>{current}</strong>
      </span>
      <span className="stat">Deliveries <strong>{stats?.deliveries ?? '–'}</strong></span>
      <span className="stat">Connections <strong>{stats?.connectedClients ?? '–'}</strong></span>
      <span className="stat">
        Upstreams <strong>{upstreams.filter((s) => s === 'connected' || s === 'lagging').length}/{upstreams.length}</strong>
      </span>
      {channel?.state === 'degraded' && (
        <span className="stat notify-degraded" role="alert" title={channel.detail}>
          Notifications degraded: {channel.detail}
        </span>
      )}
      {stats?.escalation?.state === 'degraded' && (
        <span className="stat notify-degraded" role="alert" title={stats.escalation.detail}>
          Escalation failing: {stats.escalation.detail}
        </span>
      )}
      <TimeZoneSwitch />
      <span className="stat hint">Press <kbd>?</kbd> for shortcuts</span>
      {signOut && state !== 'unauthorized' && (
        <button type="button" className="sign-out" onClick={() => void signOut().catch(() => undefined)}>Sign out</button>
      )}
    </footer>
  );
}
