// The order-independent rule regions apply incident versions by: newer `updated_at`, then later state, then region name.
import { STATES, type Incident } from '../../src-shared/protocol/index.js';

/** An incident version and the region whose event produced it. */
export interface RankedVersion { incident: Incident; region?: string }

const stateIndex = (i: Incident): number => STATES.indexOf(i.state);
const updatedAt = (i: Incident): number => {
  const ms = Date.parse(i.updated_at);
  return Number.isNaN(ms) ? -Infinity : ms;
};

/**
 * Negative when `a` loses to `b`, positive when it wins, 0 when they rank the same. Every region applies a
 * version only if it does not lose to the one it holds, so all end on the same version whatever order the
 * events arrive in (ties come from one region, whose events every log keeps in the same order).
 */
export function compareVersions(a: RankedVersion, b: RankedVersion): number {
  const ta = updatedAt(a.incident);
  const tb = updatedAt(b.incident);
  if (ta !== tb) return ta > tb ? 1 : -1;
  const sa = stateIndex(a.incident);
  const sb = stateIndex(b.incident);
  if (sa !== sb) return sa - sb;
  const ra = a.region ?? '';
  const rb = b.region ?? '';
  return ra === rb ? 0 : ra > rb ? 1 : -1;
}
