// The local server as the status bar and Connections view show it: address, auth, counters, events per minute.
import { EVENTS_PER_MINUTE_BUCKETS, type ServerStats, type ServerStatus } from '../../src-shared/bridge/index.js';
import { isLoopbackHost, type CoreServer, SERVER_VERSION } from '../server/index.js';

const MINUTE_MS = 60_000;
const CLOSED_STATES: ReadonlySet<string> = new Set(['Resolved', 'Closed']);

/** Counts events per wall-clock minute over the last hour. */
export class EventRate {
  private readonly buckets = new Map<number, number>();

  constructor(private readonly now: () => number = Date.now) {}

  record(count = 1): void {
    const minute = Math.floor(this.now() / MINUTE_MS);
    this.buckets.set(minute, (this.buckets.get(minute) ?? 0) + count);
    if (this.buckets.size > EVENTS_PER_MINUTE_BUCKETS + 1) {
      for (const m of this.buckets.keys()) if (m <= minute - EVENTS_PER_MINUTE_BUCKETS) this.buckets.delete(m);
    }
  }

  /** Oldest first, the current (partial) minute last; minutes without events count 0. */
  perMinute(): number[] {
    const current = Math.floor(this.now() / MINUTE_MS);
    const out: number[] = [];
    for (let m = current - EVENTS_PER_MINUTE_BUCKETS + 1; m <= current; m++) out.push(this.buckets.get(m) ?? 0);
    return out;
  }
}

/** Base URL a browser on this machine can open: a wildcard bind is reached through 127.0.0.1. */
export function reachableUrl(url: string): string {
  const u = new URL(url);
  if (u.hostname === '0.0.0.0' || u.hostname === '[::]') u.hostname = '127.0.0.1';
  return u.origin;
}

export function serverStatus(server: CoreServer, startedAt: number): ServerStatus {
  const c = server.config;
  const addr = server.address();
  return {
    address: addr ? reachableUrl(addr.url) : '',
    version: SERVER_VERSION,
    startedAt: new Date(startedAt).toISOString(),
    authRequired: c.require_auth_for_read || (!isLoopbackHost(c.host) && !c.insecure),
  };
}

/** Counters for the status bar; `channel` is the notification driver's channel state, when notifications run. */
export function serverStats(
  server: CoreServer, rate: EventRate, channel?: () => NonNullable<ServerStats['notifications']>, escalation?: () => ServerStats['escalation'],
): ServerStats {
  const connections = server.connectionStats();
  let active = 0;
  for (const i of server.incidents.list()) if (!CLOSED_STATES.has(i.state)) active += 1;
  return {
    connectedClients: connections.active_connections,
    activeSubscriptions: connections.active_subscriptions,
    eventsPublished: server.eventStats().total_events,
    deliveries: connections.total_events_delivered,
    eventsPerMinute: rate.perMinute(),
    activeIncidents: active,
    notifications: channel ? channel() : { state: 'off', detail: 'notifications are off' },
    ...(escalation?.() ? { escalation: escalation()! } : {}),
  };
}
