// Allowed incident state changes: forward along Detected → Triaged → Investigating → Remediating → Resolved → Closed.
import { STATES, type IncidentState } from '../../src-shared/protocol/index.js';

export type TransitionCheck = { ok: true; changed: boolean } | { ok: false; reason: string };

/**
 * Forward moves only, skipping steps allowed (Detected → Resolved is fine: an incident can be
 * fixed before anyone triages it). Backward moves are refused, and Closed is final. Re-opening
 * is not a manual transition: it happens when the incident's alert fires again.
 */
export function checkTransition(from: IncidentState, to: IncidentState): TransitionCheck {
  if (from === to) return { ok: true, changed: false };
  if (from === 'Closed') return { ok: false, reason: 'the incident is Closed, which is final' };
  const a = STATES.indexOf(from);
  const b = STATES.indexOf(to);
  if (b > a) return { ok: true, changed: true };
  return { ok: false, reason: `cannot move an incident from ${from} back to ${to}; allowed: ${STATES.slice(a + 1).join(', ')}` };
}
