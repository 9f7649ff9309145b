// The in-process port for acting on an incident (acknowledge, un-acknowledge): one decision, staged and published once.
import type { Incident, IncidentEvent, IncidentState } from '../../src-shared/protocol/index.js';
import type { BridgeErrorCode } from '../../src-shared/bridge/index.js';
import { HttpError } from '../server/index.js';
import { laterOf } from './incident-lifecycle.js';
import type { IncidentLedger } from './incident-ledger.js';
import { publishStaged, type IngestHost } from './ingest-host.js';
import { withTimelineEntry, type ResponderAction } from './incident-timeline.js';

/** Who acts, and an optional note kept in the timeline entry. */
export interface ActorInput {
  actor: string;
  note?: string;
}

/** The incident after the action, and whether anything changed (false: already so, nothing published). */
export interface ActionOutcome {
  incident: Incident;
  changed: boolean;
}

/**
 * Acting on incidents this server holds. Errors are HttpError (404 not_found, 409 conflict) so a route
 * can answer them as they are and an in-process caller can show `message`.
 */
export interface IncidentResponder {
  /** Detected → Triaged; already Triaged or further along → unchanged. Resolved/Closed → 409. */
  acknowledge(id: string, input: ActorInput): Promise<ActionOutcome>;
  /** Triaged → Detected (paging resumes); already Detected → unchanged; Investigating or later → 409. */
  unacknowledge(id: string, input: ActorInput): Promise<ActionOutcome>;
}

const NOT_FOUND: BridgeErrorCode = 'not_found';
const CONFLICT: BridgeErrorCode = 'conflict';
const ACKNOWLEDGED: ReadonlySet<IncidentState> = new Set(['Triaged', 'Investigating', 'Remediating']);

export interface ResponderDeps {
  host: IngestHost;
  ledger: IncidentLedger;
  now?: () => string;
}

export function createIncidentResponder(deps: ResponderDeps): IncidentResponder {
  const now = deps.now ?? (() => new Date().toISOString());
  const find = (id: string): Incident => {
    const incident = deps.ledger.get(id);
    if (!incident) throw new HttpError(404, NOT_FOUND, `no incident ${id}`);
    return incident;
  };
  /** Moves `cur` to `to` with a StateChanged entry by the actor, staged and published as incident_updated. */
  const moveState = async (cur: Incident, to: IncidentState, action: ResponderAction, input: ActorInput): Promise<ActionOutcome> => {
    const at = laterOf(now(), cur.updated_at);
    const metadata: Record<string, string> = { action, old_state: cur.state, new_state: to, ...(input.note ? { note: input.note } : {}) };
    const moved: Incident = { ...cur, state: to, updated_at: at };
    const next = withTimelineEntry(moved, {
      timestamp: at, event_type: 'StateChanged', actor: input.actor, metadata,
      description: `State changed from ${cur.state} to ${to} (${action} by ${input.actor})${input.note ? `: ${input.note}` : ''}`,
    });
    const events: IncidentEvent[] = [{ event_type: 'incident_updated', incident: next, previous_state: cur.state }];
    deps.ledger.stage(next);
    await publishStaged(deps.host, deps.ledger, events, [next]);
    return { incident: next, changed: true };
  };

  return {
    async acknowledge(id, input) {
      const cur = find(id);
      if (ACKNOWLEDGED.has(cur.state)) return { incident: cur, changed: false };
      if (cur.state !== 'Detected') throw new HttpError(409, CONFLICT, `the incident is ${cur.state}: there is nothing to acknowledge`);
      return moveState(cur, 'Triaged', 'acknowledge', input);
    },
    async unacknowledge(id, input) {
      const cur = find(id);
      if (cur.state === 'Detected') return { incident: cur, changed: false };
      if (cur.state !== 'Triaged') throw new HttpError(409, CONFLICT, `the incident is ${cur.state}: only a Triaged incident can be un-acknowledged`);
      return moveState(cur, 'Detected', 'unacknowledge', input);
    },
  };
}
