// Tells the UI about incidents a relay backfill wrote into the store without events, so an open board shows them.
import type { UpstreamRelays } from '../relay/index.js';
import type { IncidentStore } from '../server/index.js';

/**
 * Returns a check to run on every relay change: when an upstream's backfill has newly finished with incidents
 * stored, `queueIncident` is called with the (lower-case) id of every active incident in the store.
 */
export function backfillPushes(relay: Pick<UpstreamRelays, 'list'>, incidents: Pick<IncidentStore, 'list'>, queueIncident: (lowerCaseId: string) => void): () => void {
  const seen = new Map<string, string>();
  return () => {
    let finished = false;
    for (const u of relay.list()) {
      const done = u.backfill?.state === 'done' && u.backfill.stored > 0 ? u.backfill.finishedAt : null;
      if (done && seen.get(u.name) !== done) {
        seen.set(u.name, done);
        finished = true;
      }
    }
    if (!finished) return;
    for (const i of incidents.list()) if (i.state !== 'Resolved' && i.state !== 'Closed') queueIncident(i.id.toLowerCase());
  };
}
