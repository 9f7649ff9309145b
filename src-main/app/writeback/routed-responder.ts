// Acting on an incident where it is owned: upstream incidents go to their upstream first (or wait in the outbox), own ones locally.
import { randomUUID } from 'node:crypto';
import { IncidentSchema, parseWith, type Incident } from '../../../src-shared/protocol/index.js';
import { fetchIncident, type ActionOutcome, type IncidentResponder, type IncidentSource } from '../../ingest/index.js';
import { HttpError } from '../../server/index.js';
import type { UpstreamRelays, UpstreamTarget } from '../../relay/index.js';
import { callUpstream, type CallResult } from './upstream-call.js';
import type { Outbox } from './outbox.js';
import { upstreamRequest, type UpstreamAction } from './upstream-request.js';

export interface RoutedResponderDeps {
  local: IncidentResponder;
  relay: Pick<UpstreamRelays, 'ownerOf'>;
  incidents: IncidentSource;
  outbox: Outbox;
  /** When the first retry of an action queued now is due. */
  firstRetryAt(): Date;
  now(): Date;
  call?: typeof callUpstream;
}

/** The request for `a` on the incident at its owner, or a 409 naming why that upstream cannot take it. */
function requestFor(target: UpstreamTarget, incidentId: string, a: UpstreamAction) {
  const kind = target.kind ?? 'incident-relay';
  const request = upstreamRequest(kind, incidentId, a);
  if (!request) throw new HttpError(409, 'conflict', `upstream "${target.settings.name}" (${kind}) has no API for ${a.action}; nothing was changed`);
  return request;
}

/** What an accepted answer means for the caller: the upstream's incident when it sent one, with its `pending` passed on. */
function acceptedOutcome(result: Extract<CallResult, { kind: 'accepted' }>, cur: Incident): ActionOutcome {
  const parsed = parseWith(IncidentSchema, result.body);
  const incident = parsed.ok ? parsed.value : cur;
  const pending = typeof result.body === 'object' && result.body !== null ? (result.body as { pending?: ActionOutcome['pending'] }).pending : undefined;
  return { incident, changed: true, ...(result.status === 202 && pending ? { pending } : {}) };
}

export function refusedError(upstream: string, reason: string): HttpError {
  return new HttpError(409, 'conflict', `upstream "${upstream}" refused it (${reason}); nothing was changed here`);
}

export function routedResponder(deps: RoutedResponderDeps): IncidentResponder {
  const call = deps.call ?? callUpstream;
  async function act(id: string, a: UpstreamAction): Promise<ActionOutcome> {
    const target = deps.relay.ownerOf(id);
    if (!target) return deps.local[a.action](id, a.input as never);
    const cur = await fetchIncident(deps.incidents, id);
    const request = requestFor(target, cur.id, a);
    const result = await call(target.settings, request);
    if (result.kind === 'accepted') return acceptedOutcome(result, cur);
    if (result.kind === 'refused') throw refusedError(target.settings.name, result.reason);
    const retryAt = deps.firstRetryAt();
    const entry = deps.outbox.add(cur.id, target.settings.name, a, result.reason, retryAt, deps.now());
    const reason = `upstream "${target.settings.name}" is unreachable (${result.reason})`;
    return { incident: cur, changed: false, pending: { outboxId: entry?.id ?? '', retryAt: retryAt.toISOString(), reason: entry ? reason : `${reason}; it cancelled a pending opposite action` } };
  }
  return {
    acknowledge: (id, input) => act(id, { action: 'acknowledge', input }),
    unacknowledge: (id, input) => act(id, { action: 'unacknowledge', input }),
    assign: (id, input) => act(id, { action: 'assign', input }),
    // A comment is the one action that is not a whole new state: its key (kept in the outbox) makes retries post it once.
    comment: (id, input) => act(id, { action: 'comment', input: { ...input, idempotencyKey: input.idempotencyKey ?? randomUUID() } }),
    resolve: (id, input) => act(id, { action: 'resolve', input }),
    // An upstream's incident is silenced (if at all) by its owner's Alertmanager, which this server does not know.
    snooze: async (id, input) => (deps.relay.ownerOf(id) ? undefined : deps.local.snooze(id, input)),
  };
}
