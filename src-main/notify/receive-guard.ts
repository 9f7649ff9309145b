// The "not receiving" guard: an upstream down, or a heartbeat alert unseen, longer than stale_after raises one notice.
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import { clockTime } from './decision-trace.js';
import type { NotificationMessage } from './types.js';

export interface ReceiveGuardSettings {
  /** How long a feed may be silent or disconnected before the notice (stale_after_secs). */
  staleAfterMs: number;
  /** Labels an always-firing heartbeat alert carries (Alertmanager's `alertname=Watchdog`); absent: no heartbeat check. */
  heartbeatLabels?: Readonly<Record<string, string>>;
}

interface Feed {
  /** Since when nothing arrives (epoch ms), or undefined while it flows. */
  downSince: number | undefined;
  /** Whether the notice is raised (one per change of state). */
  raised: boolean;
  /** Start of the window that could not be checked, while raised. */
  raisedFrom?: number;
}

const HEARTBEAT = 'heartbeat alert';

/** Parses `alertname=Watchdog,env=prod` into labels; throws on anything else. */
export function parseLabelSelector(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const m = /^\s*([\w.-]+)=([^,=]+?)\s*$/.exec(part);
    if (!m?.[1] || !m[2]) throw new Error(`heartbeat_alert: "${part}" is not label=value`);
    out[m[1]] = m[2];
  }
  return out;
}

/** Pure: feeds in, notices out at `check(now)`. The heartbeat counts as down from the start until first seen. */
export class ReceiveGuard {
  private readonly feeds = new Map<string, Feed>();

  constructor(private readonly settings: ReceiveGuardSettings, startedAt: number) {
    if (settings.heartbeatLabels) this.feeds.set(HEARTBEAT, { downSince: startedAt, raised: false });
  }

  /** An upstream's connection state; `since` is when that state began. */
  upstream(name: string, connected: boolean, since: number): void {
    const feed = this.feeds.get(`upstream ${name}`) ?? { downSince: undefined, raised: false };
    feed.downSince = connected ? undefined : (feed.downSince ?? since);
    this.feeds.set(`upstream ${name}`, feed);
  }

  /** Forgets a removed upstream (no notice for it). */
  removeUpstream(name: string): void {
    this.feeds.delete(`upstream ${name}`);
  }

  /** Every published event: a matching `alert_received` is the heartbeat. */
  event(e: IncidentEvent, now: number): void {
    const labels = this.settings.heartbeatLabels;
    const feed = this.feeds.get(HEARTBEAT);
    if (!labels || !feed || e.event_type !== 'alert_received') return;
    if (Object.entries(labels).every(([k, v]) => e.alert.labels[k] === v)) feed.downSince = now;
  }

  /** The notices due at `now`: "Not receiving …" once a feed is stale, "Receiving … again" once it flows. */
  check(now: number): NotificationMessage[] {
    const out: NotificationMessage[] = [];
    for (const [name, feed] of this.feeds) {
      const heartbeat = name === HEARTBEAT;
      // The heartbeat flows while seen within stale_after; an upstream while connected (or down for less).
      const since = feed.downSince;
      const stale = since !== undefined && now - since >= this.settings.staleAfterMs;
      if (stale && !feed.raised) {
        feed.raised = true;
        feed.raisedFrom = since;
        out.push({
          title: `Not receiving from ${heartbeat ? `the ${HEARTBEAT}` : name.slice(9)} since ${clockTime(since)}`,
          body: `${heartbeat ? `No alert with ${labelText(this.settings.heartbeatLabels)} arrived` : 'Disconnected'} for over ${Math.round(this.settings.staleAfterMs / 1000)} s: `
            + `incidents from ${clockTime(since)} on could not be checked.`,
          urgency: 'critical', severity: 'P1',
        });
      } else if (!stale && feed.raised) {
        feed.raised = false;
        out.push({
          title: `Receiving from ${heartbeat ? `the ${HEARTBEAT}` : name.slice(9)} again`,
          body: `Not checked: ${clockTime(feed.raisedFrom ?? now)} → ${clockTime(now)}.`, urgency: 'normal', severity: 'P1',
        });
      }
    }
    return out;
  }
}

const labelText = (labels: Readonly<Record<string, string>> | undefined): string =>
  Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
