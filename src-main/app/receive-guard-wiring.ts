// Runs the "not receiving" guard for `serve --notify`: upstream states and the heartbeat alert in, notices out.
import type { CoreServer } from '../server/index.js';
import type { UpstreamRelays } from '../relay/index.js';
import { ReceiveGuard, parseLabelSelector, type Notifications } from '../notify/index.js';

export interface GuardWiringOptions {
  server: CoreServer;
  relay: UpstreamRelays;
  notifications: Notifications;
  staleAfterSecs: number;
  /** `alertname=Watchdog` style selector, if a heartbeat alert is configured. */
  heartbeatAlert?: string;
  now?: () => number;
}

/** Starts the guard; returns its stop. Checks four times per stale_after (at most every 5 s). */
export function startReceiveGuard(o: GuardWiringOptions): () => void {
  const now = o.now ?? Date.now;
  const guard = new ReceiveGuard({
    staleAfterMs: o.staleAfterSecs * 1000, ...(o.heartbeatAlert ? { heartbeatLabels: parseLabelSelector(o.heartbeatAlert) } : {}),
  }, now());
  const follow = (s: { name: string; state: string; since: string }): void => {
    if (s.state === 'stopped') guard.removeUpstream(s.name);
    else guard.upstream(s.name, s.state === 'connected', Date.parse(s.since) || now());
  };
  for (const s of o.relay.list()) follow(s);
  const offRelay = o.relay.onChange(follow);
  const offEvents = o.server.onEvent((entry) => guard.event(entry.event, now()));
  const timer = setInterval(() => {
    for (const m of guard.check(now())) o.notifications.notice(m);
  }, Math.min(5000, (o.staleAfterSecs * 1000) / 4));
  timer.unref();
  return () => {
    clearInterval(timer);
    offRelay();
    offEvents();
  };
}
