// Write-back in one call: actions on relayed incidents go to their upstream first, with a durable outbox while it is away.
import type { IncidentSource, Ingest } from '../../ingest/index.js';
import type { UpstreamRelays } from '../../relay/index.js';
import type { Logger } from '../../server/index.js';
import { Outbox, type OutboxEntry } from './outbox.js';
import { DEFAULT_RETRY_TIMINGS, OutboxSender, retryDelayMs, type RetryTimings } from './outbox-sender.js';
import { routedResponder } from './routed-responder.js';

export interface WritebackDeps {
  ingest: Pick<Ingest, 'localResponder' | 'useResponder'>;
  relay: UpstreamRelays;
  /** The server's incidents (an evicted one is read back before it is sent to its upstream). */
  incidents: IncidentSource;
  dataDir: string;
  logger: Logger;
  timings?: Partial<RetryTimings>;
  now?: () => Date;
}

export interface Writeback {
  /** Pending and dropped outbox entries, oldest first. */
  outbox(): OutboxEntry[];
  /** For /health: `{writeback: {pending, next_retry_at, dropped}}` while the outbox holds anything, else nothing. */
  healthDetails(): { writeback?: { pending: number; next_retry_at: string | null; dropped: { incident_id: string; action: string; reason: string | null }[] } };
  /** Sends what is due now (tests, or an upstream that just came back). */
  flush(upstream?: string): Promise<void>;
  stop(): Promise<void>;
}

/** Installs the routed responder on `ingest` (REST routes and in-process callers use it) and starts the outbox retries. */
export function startWriteback(deps: WritebackDeps): Writeback {
  const timings = { ...DEFAULT_RETRY_TIMINGS, ...deps.timings };
  const now = deps.now ?? (() => new Date());
  const outbox = new Outbox(deps.dataDir, (message, fields) => deps.logger.warn(message, fields));
  const sender = new OutboxSender({ outbox, relay: deps.relay, incidents: deps.incidents, logger: deps.logger, timings, now });
  deps.ingest.useResponder(routedResponder({
    local: deps.ingest.localResponder, relay: deps.relay, incidents: deps.incidents, outbox, now,
    firstRetryAt: () => new Date(now().getTime() + retryDelayMs(timings, 1)),
  }), (id) => deps.relay.ownerOf(id)?.settings.name);
  // An upstream that just (re)connected gets its pending actions at once rather than at their retry time.
  const stopListening = deps.relay.onChange((status) => {
    if (status.state === 'connected' && outbox.pending().some((e) => e.upstream === status.name)) void sender.flush(status.name);
  });
  sender.start();
  if (outbox.pending().length > 0) deps.logger.info('write-back outbox has pending actions', { pending: outbox.pending().length });
  return {
    outbox: () => outbox.list(),
    healthDetails() {
      const all = outbox.list();
      if (all.length === 0) return {};
      const pending = all.filter((e) => e.status === 'pending');
      const next = pending.map((e) => e.next_retry_at ?? '').filter(Boolean).sort()[0] ?? null;
      const dropped = all.filter((e) => e.status === 'dropped').map((e) => ({ incident_id: e.incident_id, action: e.action.action, reason: e.reason }));
      return { writeback: { pending: pending.length, next_retry_at: next, dropped } };
    },
    flush: (upstream) => sender.flush(upstream),
    async stop() {
      stopListening();
      await sender.stop();
    },
  };
}

export type { OutboxEntry } from './outbox.js';
export type { RetryTimings } from './outbox-sender.js';
