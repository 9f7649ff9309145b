// The in-process port for acting on an incident (acknowledge, un-acknowledge, assign, comment, resolve), published once.
import type { Incident, IncidentEvent, IncidentState } from '../../src-shared/protocol/index.js';
import type { BridgeErrorCode } from '../../src-shared/bridge/index.js';
import { HttpError } from '../server/index.js';
import { laterOf, resolveIncident, sameStrings, type Resolution } from './incident-lifecycle.js';
import type { IncidentLedger } from './incident-ledger.js';
import { withIncident } from './incident-lookup.js';
import { publishStaged, type IngestHost } from './ingest-host.js';
import { withTimelineEntry, type ResponderAction } from './incident-timeline.js';
import { AlertmanagerSilences, SILENCE_ID_KEY, isAlertmanagerIncident } from './alertmanager-silences.js';

/** Who acts, and an optional note kept in the timeline entry. */
export interface ActorInput {
  actor: string;
  note?: string;
}

export interface AssignInput {
  actor: string;
  /** The whole new list; duplicates are dropped. */
  assignees: string[];
}

export interface CommentInput {
  actor: string;
  comment: string;
  /** The same key again (a retry after a lost answer) publishes nothing: the comment is posted once. */
  idempotencyKey?: string;
}

/** Comment idempotency keys remembered (newest), in memory: a retry comes within the outbox's backoff, minutes at most. */
const COMMENT_KEYS_KEPT = 10_000;

export interface SnoozeInput {
  actor: string;
  minutes: number;
}

/** The Rust server's ResolutionMethod values. */
export const RESOLUTION_METHODS = ['Manual', 'Automated', 'AutoAssistedManual'] as const;

export interface ResolveInput {
  actor: string;
  method?: (typeof RESOLUTION_METHODS)[number];
  notes?: string;
  root_cause?: string;
}

/**
 * The incident after the action, and whether anything changed (false: already so, nothing published).
 * `pending`: the action waits in the write-back outbox for the incident's upstream (retried at `retryAt`).
 */
export interface ActionOutcome {
  incident: Incident;
  changed: boolean;
  pending?: { outboxId: string; retryAt: string; reason: string };
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
  /** Replaces the assignees (assignment_changed, then incident_updated carrying the AssignmentChanged entry). */
  assign(id: string, input: AssignInput): Promise<ActionOutcome>;
  /** Publishes comment_added; the incident itself is unchanged. */
  comment(id: string, input: CommentInput): Promise<ActionOutcome>;
  /** → Resolved with the resolution `{resolved_at, resolved_by, method, notes, root_cause}`; Resolved → unchanged; Closed → 409. */
  resolve(id: string, input: ResolveInput): Promise<ActionOutcome>;
  /**
   * A snooze at the alert's source: with `alertmanager_url`, an Alertmanager incident gets (or moves) a silence ending in
   * `minutes`, not the acknowledgement's length. Answers its id, or undefined when there is nothing to silence here
   * (another source, finished, an upstream's incident) or Alertmanager failed (logged). The snooze of reminders is the UI's.
   */
  snooze(id: string, input: SnoozeInput): Promise<string | undefined>;
}

export type ResponderMethod = keyof IncidentResponder;

const CONFLICT: BridgeErrorCode = 'conflict';
const ACKNOWLEDGED: ReadonlySet<IncidentState> = new Set(['Triaged', 'Investigating', 'Remediating']);

export interface ResponderDeps {
  host: IngestHost;
  ledger: IncidentLedger;
  /** With `alertmanager_url`: acknowledging an Alertmanager incident silences its alert; un-acknowledge and resolve expire it. */
  silences?: AlertmanagerSilences;
  now?: () => string;
}

export function createIncidentResponder(deps: ResponderDeps): IncidentResponder {
  const now = deps.now ?? (() => new Date().toISOString());
  /** Runs `act` on the incident (read back from the store when memory no longer holds it); 404 when it exists nowhere. */
  const on = <R>(id: string, act: (cur: Incident) => Promise<R>): Promise<R> => withIncident(deps.ledger, id, act);
  /** Moves `cur` to `to` with a StateChanged entry by the actor, staged and published as incident_updated. */
  /** The silence made for an acknowledged Alertmanager incident, as timeline metadata (its id, or why there is none). */
  const silenceFor = async (cur: Incident, actor: string): Promise<Record<string, string>> => {
    if (!deps.silences || !isAlertmanagerIncident(cur)) return {};
    try {
      return { [SILENCE_ID_KEY]: await deps.silences.silence(cur, actor) };
    } catch (err) {
      deps.host.logger.warn('silencing the alert in Alertmanager failed', { incident: cur.id, error: (err as Error).message });
      return { alertmanager_silence_error: (err as Error).message.slice(0, 300) };
    }
  };
  /** Expires the silences an acknowledgement or a snooze made (after un-acknowledge or resolve). */
  const releaseSilence = async (before: Incident): Promise<void> => {
    await deps.silences?.release(before);
  };
  const moveState = async (cur: Incident, to: IncidentState, action: ResponderAction, input: ActorInput, extra: Record<string, string> = {}): Promise<ActionOutcome> => {
    const at = laterOf(now(), cur.updated_at);
    const metadata: Record<string, string> = { action, old_state: cur.state, new_state: to, ...(input.note ? { note: input.note } : {}), ...extra };
    const moved: Incident = { ...cur, state: to, updated_at: at };
    const next = withTimelineEntry(moved, {
      timestamp: at, event_type: 'StateChanged', actor: input.actor, metadata,
      description: `State changed from ${cur.state} to ${to} (${action} by ${input.actor})${input.note ? `: ${input.note}` : ''}`,
    });
    return publishNext([{ event_type: 'incident_updated', incident: next, previous_state: cur.state }], next);
  };

  /** Idempotency keys of comments already published, oldest first. */
  const commentKeys = new Set<string>();
  const publishNext = async (events: IncidentEvent[], next: Incident): Promise<ActionOutcome> => {
    deps.ledger.stage(next);
    await publishStaged(deps.host, deps.ledger, events, [next]);
    return { incident: next, changed: true };
  };

  return {
    assign: (id, input) => on(id, async (cur) => {
      const assignees = [...new Set(input.assignees)];
      if (sameStrings(assignees, cur.assignees)) return { incident: cur, changed: false };
      const at = laterOf(now(), cur.updated_at);
      const next = withTimelineEntry({ ...cur, assignees, updated_at: at }, {
        timestamp: at, event_type: 'AssignmentChanged', actor: input.actor, metadata: { action: 'assign', assignees: assignees.join(', ') },
        description: assignees.length ? `Assigned to ${assignees.join(', ')} by ${input.actor}` : `Unassigned by ${input.actor}`,
      });
      return publishNext([
        { event_type: 'assignment_changed', incident_id: cur.id, assignees },
        { event_type: 'incident_updated', incident: next, previous_state: cur.state },
      ], next);
    }),
    comment: (id, input) => on(id, async (cur) => {
      const key = input.idempotencyKey === undefined ? undefined : `${cur.id.toLowerCase()} ${input.idempotencyKey}`;
      if (key !== undefined && commentKeys.has(key)) return { incident: cur, changed: false };
      await deps.host.publish([{ event_type: 'comment_added', incident_id: cur.id, author: input.actor, comment: input.comment, timestamp: now() }]);
      if (key !== undefined) {
        commentKeys.add(key);
        if (commentKeys.size > COMMENT_KEYS_KEPT) commentKeys.delete(commentKeys.values().next().value!);
      }
      return { incident: cur, changed: true };
    }),
    resolve: (id, input) => on(id, async (cur) => {
      if (cur.state === 'Resolved') return { incident: cur, changed: false };
      if (cur.state === 'Closed') throw new HttpError(409, CONFLICT, 'the incident is Closed, which is final');
      const at = laterOf(now(), cur.updated_at);
      const resolution: Resolution = {
        resolved_at: at, resolved_by: input.actor, resolution_method: input.method ?? 'Manual',
        notes: input.notes ?? '', root_cause: input.root_cause ?? null,
      };
      const next = withTimelineEntry(resolveIncident(cur, resolution, at), {
        timestamp: at, event_type: 'Resolved', actor: input.actor, metadata: { action: 'resolve', method: resolution.resolution_method ?? 'Manual' },
        description: `Resolved by ${input.actor}${input.notes ? `: ${input.notes}` : ''}`,
      });
      const out = await publishNext([{ event_type: 'incident_resolved', incident: next }], next);
      await releaseSilence(cur);
      return out;
    }),
    acknowledge: (id, input) => on(id, async (cur) => {
      if (ACKNOWLEDGED.has(cur.state)) return { incident: cur, changed: false };
      if (cur.state !== 'Detected') throw new HttpError(409, CONFLICT, `the incident is ${cur.state}: there is nothing to acknowledge`);
      return moveState(cur, 'Triaged', 'acknowledge', input, await silenceFor(cur, input.actor));
    }),
    snooze: (id, input) => on(id, async (cur) => {
      if (!deps.silences || !isAlertmanagerIncident(cur) || cur.state === 'Resolved' || cur.state === 'Closed') return undefined;
      try {
        return await deps.silences.snooze(cur, input.actor, input.minutes * 60_000);
      } catch (err) {
        deps.host.logger.warn('silencing a snoozed alert in Alertmanager failed', { incident: cur.id, error: (err as Error).message });
        return undefined;
      }
    }),
    unacknowledge: (id, input) => on(id, async (cur) => {
      if (cur.state === 'Detected') return { incident: cur, changed: false };
      if (cur.state !== 'Triaged') throw new HttpError(409, CONFLICT, `the incident is ${cur.state}: only a Triaged incident can be un-acknowledged`);
      const out = await moveState(cur, 'Detected', 'unacknowledge', input);
      await releaseSilence(cur);
      return out;
    }),
  };
}
