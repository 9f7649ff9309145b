// Alertmanager silences for acknowledged incidents (API v2): created on acknowledge, extended while firing, expired on release.
import type { Incident } from '../../src-shared/protocol/index.js';
import type { Logger } from '../server/index.js';
import { ALERTMANAGER_SOURCE } from './alertmanager-mapping.js';
import { timelineOf } from './incident-timeline.js';

export interface SilenceSettings {
  /** Alertmanager base URL, without a trailing slash. */
  url: string;
  /** Length of a silence (ms). */
  durationMs: number;
}

/** The `metadata` key of the acknowledge timeline entry that keeps the silence id on the incident. */
export const SILENCE_ID_KEY = 'alertmanager_silence_id';

const TIMEOUT_MS = 5_000;

/** Alert label matchers (exact, equal) for the incident's labels: the silence covers exactly this alert. */
export function silenceMatchers(incident: Incident): { name: string; value: string; isRegex: false; isEqual: true }[] {
  return Object.entries(incident.labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
}

/** The silence an acknowledgement made for the incident, kept in its newest acknowledge entry, if any. */
export function silenceIdOf(incident: Incident): string | undefined {
  const entries = timelineOf(incident);
  for (let k = entries.length - 1; k >= 0; k--) {
    const e = entries[k]!;
    if (e.metadata?.['action'] === 'acknowledge') return e.metadata[SILENCE_ID_KEY] || undefined;
    if (e.metadata?.['action'] === 'unacknowledge') return undefined;
  }
  return undefined;
}

export const isAlertmanagerIncident = (i: Incident): boolean => i.source === ALERTMANAGER_SOURCE && Object.keys(i.labels).length > 0;

export class AlertmanagerSilences {
  constructor(private readonly settings: SilenceSettings, private readonly logger: Pick<Logger, 'warn'>, private readonly now: () => number = Date.now) {}

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.settings.url}${path}`, {
      method, signal: AbortSignal.timeout(TIMEOUT_MS),
      ...(body !== undefined ? { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`Alertmanager ${method} ${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) as unknown : undefined;
  }

  /** Creates the silence for the incident (`durationMs` long, the setting by default); returns its id. */
  async silence(incident: Incident, createdBy: string, durationMs = this.settings.durationMs): Promise<string> {
    const start = this.now();
    const reply = await this.call('POST', '/api/v2/silences', {
      matchers: silenceMatchers(incident), startsAt: new Date(start).toISOString(), endsAt: new Date(start + durationMs).toISOString(),
      createdBy, comment: `Incident Relay: incident ${incident.id} (${incident.title}) acknowledged by ${createdBy}`,
    }) as { silenceID?: unknown };
    if (typeof reply?.silenceID !== 'string') throw new Error('Alertmanager answered without a silenceID');
    return reply.silenceID;
  }

  /**
   * Moves the silence's end to now + the silence length, keeping its id: Alertmanager updates an active silence in place
   * only when matchers and start are unchanged, so both are sent back as they are.
   */
  async extend(id: string): Promise<void> {
    const cur = await this.call('GET', `/api/v2/silence/${encodeURIComponent(id)}`) as { matchers: unknown; startsAt: string; createdBy: string; comment: string };
    const reply = await this.call('POST', '/api/v2/silences', {
      id, matchers: cur.matchers, startsAt: cur.startsAt, endsAt: new Date(this.now() + this.settings.durationMs).toISOString(),
      createdBy: cur.createdBy, comment: cur.comment,
    }) as { silenceID?: unknown };
    if (reply?.silenceID !== id) this.logger.warn('Alertmanager replaced the silence instead of extending it', { silence: id, now: String(reply?.silenceID) });
  }

  /** Ends the silence now (DELETE /api/v2/silence/:id); a silence already gone is fine. */
  async expire(id: string): Promise<void> {
    try {
      await this.call('DELETE', `/api/v2/silence/${encodeURIComponent(id)}`);
    } catch (err) {
      this.logger.warn('expiring an Alertmanager silence failed', { silence: id, error: (err as Error).message });
    }
  }

  /** Whether an alert matching the incident's labels is still firing (active or silenced) in Alertmanager. */
  async firing(incident: Incident): Promise<boolean> {
    const filter = Object.entries(incident.labels).map(([k, v]) => `filter=${encodeURIComponent(`${k}=${JSON.stringify(v)}`)}`).join('&');
    const alerts = await this.call('GET', `/api/v2/alerts?silenced=true&inhibited=true&active=true&${filter}`);
    return Array.isArray(alerts) && alerts.length > 0;
  }

  /**
   * Extends the silences of acknowledged incidents whose alert still fires (by replacing each with a new end);
   * returns how many were extended. Run every quarter of the silence length.
   */
  async extendFiring(incidents: Iterable<Incident>): Promise<number> {
    let extended = 0;
    for (const i of incidents) {
      const id = silenceIdOf(i);
      if (!id || i.state === 'Resolved' || i.state === 'Closed' || !isAlertmanagerIncident(i)) continue;
      try {
        if (!(await this.firing(i))) continue;
        await this.extend(id);
        extended += 1;
      } catch (err) {
        this.logger.warn('extending an Alertmanager silence failed', { incident: i.id, silence: id, error: (err as Error).message });
      }
    }
    return extended;
  }
}
