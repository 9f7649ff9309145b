// Reconcile: checks the incidents held from an upstream against its GET /v1/incidents/:id and publishes the changes it never sent.
import { IncidentSchema, parseWith, type Incident, type IncidentEvent } from '../../src-shared/protocol/index.js';
import type { IncidentStore, Journal, Logger } from '../server/index.js';
import { DEFAULT_FETCH_LIMITS, fetchIncident, type IncidentFetchLimits } from './incident-fetch.js';
import { parseOriginKey } from './origin-key.js';
import type { UpstreamSettings } from './upstream-config.js';

/** Field set on the events a reconcile publishes (readers ignore unknown fields; a relay downstream keeps it). */
export const RECONCILED_FIELD = 'reconciled';
/** Incidents followed per upstream; past it the oldest followed is forgotten. */
export const RECONCILE_MAX_HELD = 10_000;
const SEED_PAGE = 1000;

const isOpen = (i: Incident) => i.state !== 'Resolved' && i.state !== 'Closed';
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, k) => x === b[k]);

/**
 * The event that brings `local` to the upstream's version, or null when the upstream says nothing newer. Older upstream
 * versions (by `updated_at`) never win. Fields the upstream does not send (a Rust `IncidentResponse` has no timeline)
 * are kept from the local version.
 */
export function reconcileEvent(local: Incident, upstream: Incident): IncidentEvent | null {
  if (Date.parse(upstream.updated_at) < Date.parse(local.updated_at)) return null;
  const changed = upstream.state !== local.state || upstream.severity !== local.severity || upstream.title !== local.title
    || upstream.description !== local.description || !sameList(upstream.assignees, local.assignees)
    || Date.parse(upstream.updated_at) > Date.parse(local.updated_at);
  if (!changed) return null;
  const incident: Incident = { ...local, ...upstream, id: local.id };
  const mark = { [RECONCILED_FIELD]: true };
  if (incident.state === 'Resolved' && local.state !== 'Resolved') return { event_type: 'incident_resolved', incident, ...mark };
  if (incident.state === 'Closed' && local.state !== 'Closed') return { event_type: 'incident_closed', incident, ...mark };
  return { event_type: 'incident_updated', incident, previous_state: local.state, ...mark };
}

export interface IncidentReconcilerDeps {
  settings: UpstreamSettings;
  store: Pick<IncidentStore, 'get'>;
  publish(events: IncidentEvent[]): Promise<unknown>;
  logger: Logger;
  /** A round every this many ms while connected (`reconcile_interval_secs`). */
  intervalMs: number;
  limits?: IncidentFetchLimits;
  fetch?: typeof fetchIncident;
  /** Wall clock (ms since 1970) for `lastRoundAt`; Date.now by default. */
  now?: () => number;
  /** Called after each reconcile event is published (the metric). */
  onReconciled?: () => void;
}

export class IncidentReconciler {
  /** `published`: reconcile events published, each bringing one incident to the upstream's version. */
  readonly counts = { rounds: 0, published: 0, failed: 0 };
  /** When the last round that was not cut short by a disconnect ended (ms since 1970), or null. */
  lastRoundAt: number | null = null;
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private abort: AbortController | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: IncidentReconcilerDeps) {}

  /** Follows an incident that came from this upstream (a relayed event or the backfill). */
  hold(id: string): void {
    const key = id.toLowerCase();
    this.held.delete(key);
    this.held.add(key);
    if (this.held.size > RECONCILE_MAX_HELD) this.held.delete(this.held.values().next().value as string);
  }

  heldCount(): number {
    return this.held.size;
  }

  /** After a restart: follows the incidents of every journaled event relayed from `upstream` (its origins, either form). */
  async seed(journal: Pick<Journal, 'readAfter' | 'firstSeq' | 'lastSeq'>, upstream: string): Promise<void> {
    let cursor = journal.firstSeq();
    const horizon = journal.lastSeq();
    while (cursor < horizon) {
      const page = journal.readAfter(cursor, SEED_PAGE);
      if (page.length === 0) break;
      for (const e of page) if (e.incidentId && e.origin && parseOriginKey(e.origin)?.upstream === upstream) this.hold(e.incidentId);
      cursor = page[page.length - 1]!.seq;
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Connected (or the replay finished): a round now, then one every interval until `disconnected`. */
  connected(): void {
    this.disconnected();
    void this.round();
    this.timer = setInterval(() => void this.round(), this.deps.intervalMs);
    this.timer.unref();
  }

  disconnected(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.abort?.abort();
  }

  /** One pass over the held incidents that are still open here; rounds never overlap. */
  round(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    const { settings, store, logger } = this.deps;
    const abort = new AbortController();
    this.abort = abort;
    this.counts.rounds += 1;
    for (const id of [...this.held]) {
      if (abort.signal.aborted) return;
      const local = store.get(id);
      if (!local || !isOpen(local)) {
        this.held.delete(id);
        continue;
      }
      const r = await (this.deps.fetch ?? fetchIncident)(settings, id, abort.signal, this.deps.limits ?? DEFAULT_FETCH_LIMITS);
      if (r.kind !== 'found') {
        if (r.kind === 'failed' && !abort.signal.aborted) this.counts.failed += 1;
        continue;
      }
      const parsed = parseWith(IncidentSchema, r.incident, 'incident');
      if (!parsed.ok) {
        logger.warn('upstream answered an invalid incident; not reconciled', { upstream: settings.name, id, error: parsed.message });
        continue;
      }
      // The store may have moved on while the request was out: compare with the newest local version.
      const now = store.get(id) ?? local;
      const event = reconcileEvent(now, parsed.value);
      if (!event) continue;
      try {
        await this.deps.publish([event]);
        this.counts.published += 1;
        this.deps.onReconciled?.();
        logger.info('reconciled an incident the upstream changed without an event', { upstream: settings.name, id, event_type: event.event_type });
      } catch (err) {
        logger.error('publishing a reconciled incident failed', { upstream: settings.name, id, error: (err as Error).message });
      }
    }
    if (!abort.signal.aborted) this.lastRoundAt = (this.deps.now ?? Date.now)();
  }
}
