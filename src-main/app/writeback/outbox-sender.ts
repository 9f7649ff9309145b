// Retries the outbox: due entries go to their upstream again with backoff; stale ones are dropped with a reason.
import type { Incident } from '../../../src-shared/protocol/index.js';
import type { UpstreamRelays } from '../../relay/index.js';
import type { Logger } from '../../server/index.js';
import { callUpstream } from './upstream-call.js';
import type { Outbox, OutboxEntry } from './outbox.js';
import { upstreamRequest, type UpstreamAction } from './upstream-request.js';

export interface RetryTimings {
  /** Delay before the first retry (ms); doubles per attempt. */
  baseMs: number;
  /** Largest delay (ms). */
  capMs: number;
  /** How often due entries are looked for (ms). */
  tickMs: number;
}

export const DEFAULT_RETRY_TIMINGS: RetryTimings = { baseMs: 2_000, capMs: 5 * 60_000, tickMs: 1_000 };

export interface OutboxSenderDeps {
  outbox: Outbox;
  relay: Pick<UpstreamRelays, 'ownerOf' | 'list'>;
  incidents: { get(id: string): Incident | undefined };
  logger: Logger;
  timings: RetryTimings;
  now(): Date;
  call?: typeof callUpstream;
}

/** The delay after `attempts` failed attempts: base·2^(attempts−1), capped. */
export function retryDelayMs(t: RetryTimings, attempts: number): number {
  return Math.min(t.capMs, t.baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30));
}

/** Why an entry must not be sent any more, or undefined when it still should be. */
function staleReason(entry: OutboxEntry, incident: Incident | undefined, upstreamKnown: boolean): string | undefined {
  if (!upstreamKnown) return `upstream "${entry.upstream}" was removed`;
  if (!incident) return 'the incident is no longer known here';
  const finished = incident.state === 'Resolved' || incident.state === 'Closed';
  if (finished && entry.action.action !== 'resolve' && entry.action.action !== 'comment') return `the incident was ${incident.state.toLowerCase()} meanwhile`;
  return undefined;
}

export class OutboxSender {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: OutboxSenderDeps) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.deps.timings.tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Sends what is due (or everything pending for `upstream`, e.g. once it reconnected); one pass at a time. */
  flush(upstream?: string): Promise<void> {
    if (this.running) return this.running.then(() => (upstream ? this.flush(upstream) : undefined));
    this.running = this.pass(upstream).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(upstream?: string): Promise<void> {
    const { outbox, relay, incidents, logger } = this.deps;
    const call = this.deps.call ?? callUpstream;
    for (const entry of outbox.due(this.deps.now(), upstream)) {
      const target = relay.ownerOf(entry.incident_id);
      const known = relay.list().some((u) => u.name === entry.upstream);
      const stale = staleReason(entry, incidents.get(entry.incident_id), known);
      if (stale) {
        outbox.drop(entry.id, stale);
        logger.warn('write-back dropped', { incident: entry.incident_id, action: entry.action.action, reason: stale });
        continue;
      }
      const settings = target?.settings.name === entry.upstream ? target.settings : undefined;
      const request = settings ? upstreamRequest(target!.kind ?? 'incident-relay', entry.incident_id, entry.action as UpstreamAction) : undefined;
      if (!settings || !request) {
        outbox.drop(entry.id, `upstream "${entry.upstream}" no longer owns the incident or cannot take ${entry.action.action}`);
        continue;
      }
      const result = await call(settings, request);
      if (result.kind === 'accepted') {
        outbox.applied(entry.id);
        logger.info('write-back applied', { incident: entry.incident_id, action: entry.action.action, upstream: entry.upstream, attempts: entry.attempts + 1 });
      } else if (result.kind === 'refused') {
        outbox.drop(entry.id, `refused by upstream "${entry.upstream}": ${result.reason}`);
      } else {
        outbox.retryLater(entry.id, result.reason, new Date(this.deps.now().getTime() + retryDelayMs(this.deps.timings, entry.attempts + 1)));
      }
    }
  }
}
