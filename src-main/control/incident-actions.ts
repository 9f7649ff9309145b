// Acknowledge, snooze and resolve from the UI: on-call state kept here, state changes published as events.
import { userInfo } from 'node:os';
import { BridgeError, type IncidentSummary } from '../../src-shared/bridge/index.js';
import type { Incident, IncidentEvent } from '../../src-shared/protocol/index.js';
import { resolveIncident, type Resolution } from '../ingest/incident-lifecycle.js';
import { acknowledgementEvent, type Notifications } from '../notify/index.js';
import type { RelayServer } from '../server/index.js';
import type { IncidentTracker } from './incident-tracker.js';

export interface IncidentActionsDeps {
  server: Pick<RelayServer, 'publish' | 'incidents'>;
  tracker: IncidentTracker;
  /** When notifications run, acknowledgements and snoozes go through them (reminders stop, snoozes hold). */
  notifications?: Pick<Notifications, 'acknowledge' | 'snooze'>;
  /** Name recorded as who acknowledged or resolved; default the OS user name. */
  who?: string;
  now(): number;
  /** The incident's on-call state or object changed (for pushes). */
  changed(lowerCaseId: string): void;
}

export interface IncidentActions {
  acknowledge(id: string): Promise<IncidentSummary>;
  snooze(id: string, minutes: number): Promise<IncidentSummary>;
  resolve(id: string, note?: string): Promise<IncidentSummary>;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch (err) {
    return `local user (${err instanceof Error ? err.message : 'unknown'})`;
  }
}

export function incidentActions(deps: IncidentActionsDeps): IncidentActions {
  const who = deps.who ?? osUser();
  const find = (id: string): Incident => {
    const incident = deps.server.incidents.get(id.toLowerCase());
    if (!incident) throw new BridgeError('not_found', `no incident ${id}`);
    return incident;
  };
  const publish = async (events: IncidentEvent[]): Promise<void> => {
    try {
      await deps.server.publish(events);
    } catch (err) {
      throw new BridgeError('internal_error', `publishing the change failed: ${(err as Error).message}`);
    }
  };
  const done = (key: string, fallback: Incident): IncidentSummary => {
    deps.changed(key);
    return deps.tracker.summary(deps.server.incidents.get(key) ?? fallback);
  };

  return {
    async acknowledge(id) {
      const incident = find(id);
      const key = incident.id.toLowerCase();
      // Recorded first, so the incident_updated it publishes finds the acknowledgement with its author.
      deps.tracker.acknowledge(key, who);
      if (deps.notifications) {
        await deps.notifications.acknowledge(key, who).catch((err: unknown) => {
          throw new BridgeError('internal_error', `acknowledging failed: ${(err as Error).message}`);
        });
      } else {
        const event = acknowledgementEvent(incident, deps.now());
        if (event) await publish([event]);
      }
      return done(key, incident);
    },
    async snooze(id, minutes) {
      const incident = find(id);
      const key = incident.id.toLowerCase();
      deps.tracker.snooze(key, minutes);
      deps.notifications?.snooze({ durationMs: minutes * 60_000, incidentId: key });
      return done(key, incident);
    },
    async resolve(id, note) {
      const cur = find(id);
      const key = cur.id.toLowerCase();
      if (cur.state === 'Resolved') return done(key, cur);
      if (cur.state === 'Closed') throw new BridgeError('conflict', 'the incident is Closed, which is final');
      const at = new Date(deps.now()).toISOString();
      const resolution: Resolution = { resolved_at: at, resolved_by: who, method: 'Manual', ...(note ? { notes: note } : {}) };
      const next = resolveIncident(cur, resolution, at);
      await publish([{ event_type: 'incident_resolved', incident: next }]);
      return done(key, next);
    },
  };
}
