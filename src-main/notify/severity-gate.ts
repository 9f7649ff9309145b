// The P0 guarantee: a new or escalated P0 (and its reminder) never waits for a storm, is never folded into a summary.
import type { PlannedNotification } from './types.js';

/** Kinds of P0 notification that always leave at once, alone, with their own title. */
const IMMEDIATE_P0_KINDS: ReadonlySet<PlannedNotification['kind']> = new Set(['incident', 'escalation', 'alert', 'reminder']);

/** True when `n` must bypass storm coalescing and rate limits: a P0 incident, escalation to P0, P0 alert or reminder. */
export function bypassesStorm(n: Pick<PlannedNotification, 'severity' | 'kind'>): boolean {
  return n.severity === 'P0' && IMMEDIATE_P0_KINDS.has(n.kind);
}
