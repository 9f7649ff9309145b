// Which upstream each relayed incident came from, and what kind of server each upstream is, for write-back.
import type { Journal, JournalEntry } from '../server/index.js';
import { parseOriginKey } from './origin-key.js';
import { streamIdOf } from './relay-trace.js';

/** `incident-relay`: message ids name an event stream (`<epoch>-<seq>`); `rust`: any other server (the Rust LLM Incident Manager). */
export type UpstreamKind = 'incident-relay' | 'rust';

/** Incidents remembered (oldest forgotten first); an incident not found here is acted on locally. */
export const DEFAULT_OWNER_CAPACITY = 100_000;
/** Newest journal entries read at start, so a restarted relay still knows which upstream owns what. */
const SEED_LIMIT = 50_000;

export class IncidentOwners {
  /** Insertion-ordered by last sighting: the first key is the oldest. */
  private readonly owners = new Map<string, string>();
  private readonly kinds = new Map<string, UpstreamKind>();

  constructor(private readonly capacity = DEFAULT_OWNER_CAPACITY) {}

  seed(journal: Pick<Journal, 'readAfter' | 'lastSeq' | 'firstSeq'>): void {
    const after = Math.max(journal.firstSeq(), journal.lastSeq() - SEED_LIMIT);
    for (const entry of journal.readAfter(after, SEED_LIMIT)) this.addEntry(entry);
  }

  /** A journaled event: relayed ones (an origin, see origin-key) name their incident's owner. */
  addEntry(entry: Pick<JournalEntry, 'origin' | 'incidentId'>): void {
    if (!entry.origin) return;
    const origin = parseOriginKey(entry.origin);
    if (!origin) return;
    const { upstream } = origin;
    this.kinds.set(upstream, streamIdOf(origin.messageId) === undefined ? 'rust' : 'incident-relay');
    if (entry.incidentId) this.record(entry.incidentId, upstream);
  }

  /** Records that `upstream` owns the incident (also used by the first-connect backfill, which publishes no event). */
  record(incidentId: string, upstream: string): void {
    const key = incidentId.toLowerCase();
    this.owners.delete(key);
    this.owners.set(key, upstream);
    if (this.owners.size > this.capacity) {
      const oldest = this.owners.keys().next().value;
      if (oldest !== undefined) this.owners.delete(oldest);
    }
  }

  ownerOf(incidentId: string): string | undefined {
    return this.owners.get(incidentId.toLowerCase());
  }

  /** The upstream's kind, learned from its message ids; undefined before any event came from it. */
  kindOf(upstream: string): UpstreamKind | undefined {
    return this.kinds.get(upstream);
  }
}
