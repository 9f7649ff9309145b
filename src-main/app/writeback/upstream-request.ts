// The HTTP call that carries one action to the upstream that owns the incident, per kind of upstream.
import type { ActorInput, AssignInput, CommentInput, ResolveInput } from '../../ingest/index.js';
import type { UpstreamKind } from '../../relay/index.js';

/** One action with its input, as the outbox stores it. */
export type UpstreamAction =
  | { action: 'acknowledge'; input: ActorInput }
  | { action: 'unacknowledge'; input: ActorInput }
  | { action: 'assign'; input: AssignInput }
  | { action: 'comment'; input: CommentInput }
  | { action: 'resolve'; input: ResolveInput };

export interface UpstreamRequest {
  method: 'POST' | 'PUT';
  path: string;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

const enc = encodeURIComponent;

/**
 * Incident Relay upstreams get the 1.1 routes; the Rust LLM Incident Manager gets `PUT /v1/incidents/:id`
 * (`{state, actor}` or `{assignees, actor}`) and `POST /v1/incidents/:id/resolve` with its ResolveIncidentRequest.
 * Undefined: that upstream has no way to take the action (the Rust server has no comments API).
 */
export function upstreamRequest(kind: UpstreamKind, incidentId: string, a: UpstreamAction): UpstreamRequest | undefined {
  const base = `/v1/incidents/${enc(incidentId)}`;
  if (a.action === 'resolve') {
    const { actor, method, notes, root_cause: rootCause } = a.input;
    const body = kind === 'rust'
      ? { resolved_by: actor, method: method ?? 'Manual', notes: notes ?? '', ...(rootCause !== undefined ? { root_cause: rootCause } : {}) }
      : { resolved_by: actor, method: method ?? 'Manual', ...(notes !== undefined ? { notes } : {}), ...(rootCause !== undefined ? { root_cause: rootCause } : {}) };
    return { method: 'POST', path: `${base}/resolve`, body };
  }
  if (kind === 'rust') {
    switch (a.action) {
      case 'acknowledge': return { method: 'PUT', path: base, body: { state: 'Triaged', actor: a.input.actor } };
      case 'unacknowledge': return { method: 'PUT', path: base, body: { state: 'Detected', actor: a.input.actor } };
      case 'assign': return { method: 'PUT', path: base, body: { assignees: a.input.assignees, actor: a.input.actor } };
      case 'comment': return undefined;
    }
  }
  switch (a.action) {
    case 'acknowledge': case 'unacknowledge':
      return { method: 'POST', path: `${base}/${a.action}`, body: { actor: a.input.actor, ...(a.input.note ? { note: a.input.note } : {}) } };
    case 'assign': return { method: 'PUT', path: base, body: { assignees: a.input.assignees } };
    case 'comment': {
      // The key makes a retry after a lost answer a no-op at the upstream.
      const key = a.input.idempotencyKey;
      return { method: 'POST', path: `${base}/comments`, body: { actor: a.input.actor, comment: a.input.comment }, ...(key ? { headers: { 'Idempotency-Key': key } } : {}) };
    }
  }
}
