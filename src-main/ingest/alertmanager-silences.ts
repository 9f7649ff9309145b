// Alertmanager silences for acknowledged and snoozed incidents (API v2): made on acknowledge or snooze, extended while firing, expired on release.
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
  /** Snooze silences by lower-case incident id (in memory: after a restart a snooze makes a new one; the old one runs out). */
  private readonly snoozes = new Map<string, string>();

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
  async silence(incident: Incident, createdBy: string, durationMs = this.settings.durationMs, why = `acknowledged by ${createdBy}`): Promise<string> {
    const start = this.now();
    const reply = await this.call('POST', '/api/v2/silences', {
      matchers: silenceMatchers(incident), startsAt: new Date(start).toISOString(), endsAt: new Date(start + durationMs).toISOString(),
      createdBy, comment: `Incident Relay: incident ${incident.id} (${incident.title}) ${why}`,
    }) as { silenceID?: unknown };
    if (typeof reply?.silenceID !== 'string') throw new Error('Alertmanager answered without a silenceID');
    return reply.silenceID;
  }

  /**
   * Moves the silence's end to `endMs`, keeping its id when Alertmanager allows: it updates an active silence in place
   * only when matchers and start are unchanged, so both are sent back as they are. Returns the id it has afterwards.
   */
  private async setEnd(id: string, endMs: number): Promise<string> {
    const cur = await this.call('GET', `/api/v2/silence/${encodeURIComponent(id)}`) as { matchers: unknown; startsAt: string; createdBy: string; comment: string };
    const reply = await this.call('POST', '/api/v2/silences', {
      id, matchers: cur.matchers, startsAt: cur.startsAt, endsAt: new Date(endMs).toISOString(), createdBy: cur.createdBy, comment: cur.comment,
    }) as { silenceID?: unknown };
    if (typeof reply?.silenceID !== 'string') throw new Error('Alertmanager answered without a silenceID');
    if (reply.silenceID !== id) this.logger.warn('Alertmanager replaced the silence instead of changing it', { silence: id, now: reply.silenceID });
    return reply.silenceID;
  }

  /** Moves the silence's end to now + the silence length (an acknowledgement's silence while its alert fires). */
  async extend(id: string): Promise<void> {
    await this.setEnd(id, this.now() + this.settings.durationMs);
  }

  /**
   * A snooze of `durationMs`: the incident's snooze silence (kept here, one per incident) ends then, created on the
   * first snooze and moved on a later one. It is never extended by the acknowledgement loop. Returns its id.
   */
  async snooze(incident: Incident, createdBy: string, durationMs: number): Promise<string> {
    const key = incident.id.toLowerCase();
    const existing = this.snoozes.get(key);
    let id: string | undefined;
    if (existing) {
      try {
        id = await this.setEnd(existing, this.now() + durationMs);
      } catch (err) {
        this.logger.warn('moving a snooze silence failed; making a new one', { silence: existing, error: (err as Error).message });
      }
    }
    id ??= await this.silence(incident, createdBy, durationMs, `snoozed by ${createdBy} for ${Math.round(durationMs / 60_000)} min`);
    this.snoozes.set(key, id);
    return id;
  }

  /** Expires what silences the incident (its acknowledgement's silence and its snooze silence): it resolved or was un-acknowledged. */
  async release(incident: Incident): Promise<void> {
    const key = incident.id.toLowerCase();
    const ids = [silenceIdOf(incident), this.snoozes.get(key)].filter((id): id is string => id !== undefined);
    this.snoozes.delete(key);
    for (const id of ids) await this.expire(id);
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

  /** Ends the silence unless Alertmanager already shows it expired (a check that runs again must not delete twice). */
  private async expireIfActive(id: string): Promise<void> {
    const cur = await this.call('GET', `/api/v2/silence/${encodeURIComponent(id)}`) as { status?: { state?: string } };
    if (cur?.status?.state !== 'expired') await this.expire(id);
  }

  /**
   * The periodic check of silenced incidents (acknowledged or snoozed, not finished): while the alert fires, an
   * acknowledgement's silence with less than 3/4 of its length left is extended (a snooze silence never is); once the
   * alert stops firing, its silences are expired. Alertmanager sends no "resolved" for an alert a silence mutes, so
   * this is what lets it reach the webhook, which then resolves the incident. Returns how many were extended and released.
   */
  async review(incidents: Iterable<Incident>): Promise<{ extended: number; released: number }> {
    let extended = 0;
    let released = 0;
    for (const i of incidents) {
      if (i.state === 'Resolved' || i.state === 'Closed' || !isAlertmanagerIncident(i)) continue;
      const ackId = silenceIdOf(i);
      const snoozeId = this.snoozes.get(i.id.toLowerCase());
      if (!ackId && !snoozeId) continue;
      try {
        if (await this.firing(i)) {
          if (ackId && await this.extendIfDue(ackId)) extended += 1;
          continue;
        }
        for (const id of [ackId, snoozeId]) if (id) await this.expireIfActive(id);
        this.snoozes.delete(i.id.toLowerCase());
        released += 1;
      } catch (err) {
        this.logger.warn('checking an Alertmanager silence failed', { incident: i.id, error: (err as Error).message });
      }
    }
    return { extended, released };
  }

  /** Extends an active silence whose remaining time is under 3/4 of the silence length; true when it did. */
  private async extendIfDue(id: string): Promise<boolean> {
    const cur = await this.call('GET', `/api/v2/silence/${encodeURIComponent(id)}`) as { endsAt?: string; status?: { state?: string } };
    if (cur?.status?.state !== 'active' || Date.parse(cur.endsAt ?? '') - this.now() >= this.settings.durationMs * 0.75) return false;
    await this.extend(id);
    return true;
  }
}
