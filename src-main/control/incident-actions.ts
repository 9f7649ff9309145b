// Acknowledge, snooze and resolve from the UI: on-call state kept here, state changes published as events.
import { userInfo } from 'node:os';
import { BridgeError, type IncidentSummary } from '../../src-shared/bridge/index.js';
import type { Incident, IncidentEvent } from '../../src-shared/protocol/index.js';
import { resolveIncident, type Resolution } from '../ingest/incident-lifecycle.js';
import { acknowledgementEvent, type Notifications } from '../notify/index.js';
import type { ActionOutcome, IncidentResponder } from '../ingest/index.js';
import type { CoreServer } from '../server/index.js';
import { asBridgeError, bridgeIncident } from './bridge-incident.js';
import type { IncidentTracker } from './incident-tracker.js';

export interface IncidentActionsDeps {
  server: Pick<CoreServer, 'publish' | 'incidents'>;
  tracker: IncidentTracker;
  /** When notifications run, acknowledgements and snoozes go through them (reminders stop, snoozes hold). */
  notifications?: Pick<Notifications, 'acknowledge' | 'acknowledged' | 'snooze'>;
  /**
   * Acknowledge and resolve go through it when given (PROTOCOL 1.1: Triaged with a timeline entry, written back to the
   * upstream that owns a relayed incident); without it, the local publish of before.
   */
  responder?: IncidentResponder;
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
  /** These three need the responder (absent: `unavailable`). */
  unacknowledge(id: string): Promise<IncidentSummary>;
  assign(id: string, assignees: string[]): Promise<IncidentSummary>;
  comment(id: string, comment: string): Promise<IncidentSummary>;
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
  /** From memory, else read back from the store (a cluster node's bucket): `not_found`, or `unavailable` when it cannot be read. */
  const find = (id: string): Promise<Incident> => bridgeIncident(deps.server.incidents, id);
  const publish = async (events: IncidentEvent[]): Promise<void> => {
    try {
      await deps.server.publish(events);
    } catch (err) {
      throw new BridgeError('internal_error', `publishing the change failed: ${(err as Error).message}`);
    }
  };
  /** A responder's refusal (404, 409 with the upstream's reason, 503) as the bridge error the UI shows. */
  const viaResponder = async <R>(act: () => Promise<R>): Promise<R> => {
    try {
      return await act();
    } catch (err) {
      throw asBridgeError(err);
    }
  };
  const done = (key: string, fallback: Incident): IncidentSummary => {
    deps.changed(key);
    return deps.tracker.summary(deps.server.incidents.get(key) ?? fallback);
  };

  const needResponder = (): IncidentResponder => {
    if (!deps.responder) throw new BridgeError('unavailable', 'acting on incidents needs the ingest responder, which this server does not run');
    return deps.responder;
  };
  /** Runs a responder action on the incident and answers its summary. */
  const respond = async (id: string, act: (r: IncidentResponder, key: string) => Promise<ActionOutcome>): Promise<IncidentSummary> => {
    const responder = needResponder();
    const incident = await find(id);
    const key = incident.id.toLowerCase();
    const outcome = await viaResponder(() => act(responder, key));
    return done(key, outcome.incident);
  };

  return {
    unacknowledge: (id) => respond(id, (r, key) => r.unacknowledge(key, { actor: who })),
    assign: (id, assignees) => respond(id, (r, key) => r.assign(key, { actor: who, assignees })),
    comment: (id, comment) => respond(id, (r, key) => r.comment(key, { actor: who, comment })),
    async acknowledge(id) {
      const incident = await find(id);
      const key = incident.id.toLowerCase();
      const responder = deps.responder;
      // The owner decides first: a refusal leaves everything here as it was.
      if (responder) await viaResponder(() => responder.acknowledge(key, { actor: who }));
      // Recorded before the notifications' publish, so the incident_updated it publishes finds the acknowledgement with its author.
      deps.tracker.acknowledge(key, who);
      if (responder) {
        // The owner has it: this machine's reminders stop without a second call to the owner.
        deps.notifications?.acknowledged(key, who);
      } else if (deps.notifications) {
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
      const incident = await find(id);
      const key = incident.id.toLowerCase();
      deps.tracker.snooze(key, minutes);
      deps.notifications?.snooze({ durationMs: minutes * 60_000, incidentId: key });
      // An Alertmanager incident's alert is silenced for the snooze only (not the acknowledgement's length).
      if (deps.responder) await viaResponder(() => deps.responder!.snooze(key, { actor: who, minutes }));
      return done(key, incident);
    },
    async resolve(id, note) {
      const cur = await find(id);
      const key = cur.id.toLowerCase();
      if (cur.state === 'Resolved') return done(key, cur);
      if (cur.state === 'Closed') throw new BridgeError('conflict', 'the incident is Closed, which is final');
      const responder = deps.responder;
      if (responder) {
        const outcome = await viaResponder(() => responder.resolve(key, { actor: who, ...(note ? { notes: note } : {}) }));
        return done(key, outcome.incident);
      }
      const at = new Date(deps.now()).toISOString();
      const resolution: Resolution = { resolved_at: at, resolved_by: who, resolution_method: 'Manual', root_cause: null, notes: note ?? '' };
      const next = resolveIncident(cur, resolution, at);
      await publish([{ event_type: 'incident_resolved', incident: next }]);
      return done(key, next);
    },
  };
}
