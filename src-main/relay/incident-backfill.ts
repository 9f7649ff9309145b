// First-connect backfill: with no resume point, copies the upstream's active incidents into the local incident store.
import {
  IncidentSchema, completeIncident, matchesFilters, normalizeFilters, parseWith, subjectOf, type Filters, type Incident,
} from '../../src-shared/protocol/index.js';
import type { IncidentStore, Logger } from '../server/index.js';
import { DEFAULT_FETCH_LIMITS, fetchActiveIncidents, type IncidentFetchLimits, type IncidentFetchResult } from './incident-fetch.js';
import type { UpstreamSettings } from './upstream-config.js';

/**
 * `running`: the request is out; `done`: the incidents were merged (`partial` when a bound or a later page cut the list);
 * `unsupported`: the upstream has no incidents API (a guide-only server), not asked again; `failed`: asked again on the
 * next connection that still has no resume point.
 */
export interface BackfillStatus {
  state: 'running' | 'done' | 'unsupported' | 'failed';
  /** Incidents written to the local store (new here, or newer than the local version). */
  stored: number;
  /** Valid incidents left alone: the local version was as new or newer, or the upstream's filters exclude them. */
  skipped: number;
  /** Incidents that failed IncidentSchema. */
  invalid: number;
  partial: boolean;
  /** Why it is unsupported or failed. */
  reason: string | null;
  /** When it last finished (RFC 3339). */
  finishedAt: string | null;
}

export interface IncidentBackfillDeps {
  settings: UpstreamSettings;
  store: Pick<IncidentStore, 'get' | 'put'>;
  logger: Logger;
  now(): number;
  onChange(): void;
  limits?: IncidentFetchLimits;
  /** The HTTP fetch; replaceable in tests. */
  fetch?: typeof fetchActiveIncidents;
  /** Each valid incident the upstream listed (stored or not): the reconcile follows it. */
  onListed?(id: string): void;
}

/** One line for the upstream's status detail. */
export function describeBackfill(b: BackfillStatus | null): string | null {
  if (b === null) return null;
  switch (b.state) {
    case 'running': return 'fetching active incidents';
    case 'done': return `${b.stored} active incident${b.stored === 1 ? '' : 's'} backfilled${b.partial ? ' (list cut short)' : ''}`;
    case 'unsupported': return 'no incident backfill';
    case 'failed': return `incident backfill failed (${b.reason ?? 'unknown'}); retried on the next connection`;
  }
}

export class IncidentBackfill {
  private current: BackfillStatus | null = null;
  private abort: AbortController | undefined;
  private stopped = false;
  private readonly filters: Filters;

  constructor(private readonly deps: IncidentBackfillDeps) {
    this.filters = { ...normalizeFilters(deps.settings.filters), event_types: [] };
  }

  status(): BackfillStatus | null {
    return this.current === null ? null : { ...this.current };
  }

  /**
   * Called once a connection's subscription is confirmed. Runs in the background (the live stream never waits) when
   * the connection started without a resume point and no earlier backfill of this upstream finished or found no API.
   */
  startIfNeeded(hadResumePoint: boolean): void {
    if (this.stopped || hadResumePoint || this.current?.state === 'running') return;
    if (this.current?.state === 'done' || this.current?.state === 'unsupported') return;
    this.run();
  }

  /** After a gap (events may have been missed): backfill again, even with a resume point or after an earlier one. */
  startAfterGap(): void {
    if (this.stopped || this.current?.state === 'running' || this.current?.state === 'unsupported') return;
    this.run();
  }

  private run(): void {
    this.current = { state: 'running', stored: 0, skipped: 0, invalid: 0, partial: false, reason: null, finishedAt: null };
    this.deps.onChange();
    const abort = new AbortController();
    this.abort = abort;
    void (this.deps.fetch ?? fetchActiveIncidents)(this.deps.settings, abort.signal, this.deps.limits ?? DEFAULT_FETCH_LIMITS)
      .then((result) => this.finish(result))
      .catch((err: unknown) => this.finish({ kind: 'failed', reason: err instanceof Error ? err.message : String(err) }));
  }

  /** Aborts a running fetch; nothing is written afterwards. */
  stop(): void {
    this.stopped = true;
    this.abort?.abort();
  }

  private finish(result: IncidentFetchResult): void {
    this.abort = undefined;
    if (this.stopped) return;
    const upstream = this.deps.settings.name;
    const finishedAt = new Date(this.deps.now()).toISOString();
    if (result.kind !== 'fetched') {
      this.current = { state: result.kind, stored: 0, skipped: 0, invalid: 0, partial: false, reason: result.reason, finishedAt };
      if (result.kind === 'unsupported') this.deps.logger.info('upstream offers no incident list: no incident backfill, relaying live events only', { upstream, reason: result.reason });
      else this.deps.logger.warn('incident backfill failed; retried on the next connection without a resume point', { upstream, reason: result.reason });
    } else {
      const merged = this.merge(result.incidents);
      this.current = { state: 'done', ...merged, partial: result.partial, reason: null, finishedAt };
      const log = merged.invalid > 0 || result.partial ? this.deps.logger.warn.bind(this.deps.logger) : this.deps.logger.info.bind(this.deps.logger);
      log('backfilled active incidents from the upstream', { upstream, ...merged, partial: result.partial, pages: result.pages });
    }
    this.deps.onChange();
  }

  /** Validates each incident and keeps the newer of the local and the upstream version (by `updated_at`). */
  private merge(raw: readonly unknown[]): { stored: number; skipped: number; invalid: number } {
    let stored = 0;
    let skipped = 0;
    let invalid = 0;
    for (const [k, item] of raw.entries()) {
      const r = parseWith(IncidentSchema, item, `incidents.${k}`);
      if (!r.ok) {
        invalid += 1;
        continue;
      }
      if (!this.wanted(r.value)) {
        skipped += 1;
        continue;
      }
      this.deps.onListed?.(r.value.id);
      if (!this.isNewer(r.value)) {
        skipped += 1;
        continue;
      }
      this.deps.store.put(completeIncident(r.value));
      stored += 1;
    }
    return { stored, skipped, invalid };
  }

  private wanted(i: Incident): boolean {
    // The subject filters only: `event_types` says which events to relay, not which incidents the relay follows.
    return matchesFilters(this.filters, 'incident_updated', subjectOf({ event_type: 'incident_updated', incident: i }, () => undefined));
  }

  private isNewer(i: Incident): boolean {
    const local = this.deps.store.get(i.id.toLowerCase());
    return local === undefined || Date.parse(i.updated_at) > Date.parse(local.updated_at);
  }
}
