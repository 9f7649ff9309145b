// Shared pieces of the relay tests: numbered events, a local server with a relay, a journal that outlives a server, waiting.
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import type { Journal, JournalEntry, NewJournalEntry, ResumePoint } from '../../src-main/server/journal/journal.js';
import { MemoryJournal } from '../../src-main/server/journal/memory-journal.js';
import type { ConfigInput } from '../../src-main/server/config/schema.js';
import type { RelayServerOptions } from '../../src-main/server/server.js';
import { startRelays, type Relay, type RelayTimings, type RelayUpstreamInput } from '../../src-main/relay/index.js';
import { startServer, type Harness } from '../support/server-harness.js';
import type { TestClient } from '../support/ws-client.js';

/** Fast timings for tests: the same shape as the defaults, scaled down. */
export const FAST_TIMINGS: Partial<RelayTimings> = {
  backoffBaseMs: 50, backoffCapMs: 500, stableAfterMs: 5000, pingIntervalMs: 500,
  connectTimeoutMs: 2000, replayDetectMs: 500, authRetryMs: 60_000,
};

/** A system event carrying its sequence number, so order and repeats can be checked. */
export const numbered = (n: number): IncidentEvent => ({ event_type: 'system_event', category: 'relay-test', message: String(n), metadata: { n: String(n) } });

export const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);

/** Sequence numbers of the numbered events a test client received, in arrival order. */
export function receivedNumbers(client: TestClient, from = 0): number[] {
  return client.events(from).map((f) => Number((f.event as { message: string }).message));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds; the error names what was awaited. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A durable journal's behaviour across a restart: one MemoryJournal that a stopping server cannot clear. */
export class SurvivingJournal implements Journal {
  readonly inner: MemoryJournal;
  constructor(capacity = 100_000) {
    this.inner = new MemoryJournal(capacity);
  }
  get epoch() { return this.inner.epoch; }
  append(entries: readonly NewJournalEntry[]): JournalEntry[] { return this.inner.append(entries); }
  locate(messageId: string): ResumePoint { return this.inner.locate(messageId); }
  readAfter(afterSeq: number, limit: number): JournalEntry[] { return this.inner.readAfter(afterSeq, limit); }
  firstSeq() { return this.inner.firstSeq(); }
  lastSeq() { return this.inner.lastSeq(); }
  size() { return this.inner.size(); }
  hasOrigin(origin: string) { return this.inner.hasOrigin(origin); }
  lastOrigin(prefix: string) { return this.inner.lastOrigin(prefix); }
  /** The server closes its journal on stop; a file would stay on disk, so nothing is cleared here. */
  close(): void {}
}

export interface RelayedLocal {
  local: Harness;
  relay: Relay;
  /** Stops the relay, then the local server. */
  stop(): Promise<void>;
}

/** A local server on port 0 whose /health shows the relay, with the relay started on it. */
export async function startRelayedLocal(
  upstreams: RelayUpstreamInput[], timings: Partial<RelayTimings> = FAST_TIMINGS,
  config: ConfigInput = {}, opts: RelayServerOptions = {},
): Promise<RelayedLocal> {
  let relay: Relay | undefined;
  const local = await startServer(config, { ...opts, healthDetails: () => relay?.healthDetails() ?? {} });
  try {
    relay = startRelays(local.server, upstreams, local.server.logger, { timings });
  } catch (err) {
    await local.stop();
    throw err;
  }
  const r = relay;
  return {
    local, relay: r,
    async stop() {
      await r.stop();
      await local.stop();
    },
  };
}

/** Publishes events upstream over HTTP and insists on 202. */
export async function publishEvents(upstream: Harness, events: IncidentEvent[]): Promise<void> {
  const r = await upstream.publish({ events });
  if (r.status !== 202) throw new Error(`publish answered ${r.status}: ${JSON.stringify(r.json)}`);
}
