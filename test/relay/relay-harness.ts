// Shared pieces of the relay tests: numbered events, a local server with a relay, publishing, waiting.
import { RELAY_GAP_CATEGORY } from '../../src-shared/protocol/index.js';
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import type { ConfigInput } from '../../src-main/server/config/schema.js';
import type { CoreServerOptions } from '../../src-main/server/server.js';
import { startUpstreamRelays, type UpstreamRelays, type UpstreamRelaysOptions, type RelayTimings, type RelayUpstreamInput } from '../../src-main/relay/index.js';
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
/** The numbered events a client received, gap marks left out. */
export function receivedNumbers(client: TestClient, from = 0): number[] {
  return client.events(from).filter((f) => !isGapMarkFrame(f)).map((f) => Number((f.event as { message: string }).message));
}

/** Whether an event frame is a relay gap mark (a `system_event` of category `relay_gap`). */
export function isGapMarkFrame(f: { type: string; event?: unknown }): boolean {
  const e = f.event as { event_type?: string; category?: string } | undefined;
  return e?.event_type === 'system_event' && e.category === RELAY_GAP_CATEGORY;
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

export interface RelayedLocal {
  local: Harness;
  relay: UpstreamRelays;
  /** Stops the relay, then the local server. */
  stop(): Promise<void>;
}

/** A local server on port 0 whose /health shows the relay, with the relay started on it. */
export async function startRelayedLocal(
  upstreams: RelayUpstreamInput[], timings: Partial<RelayTimings> = FAST_TIMINGS,
  config: ConfigInput = {}, opts: CoreServerOptions = {}, relayOpts: Omit<UpstreamRelaysOptions, 'timings'> = {},
): Promise<RelayedLocal> {
  let relay: UpstreamRelays | undefined;
  const local = await startServer(config, { ...opts, healthDetails: () => relay?.healthDetails() ?? {} });
  try {
    relay = startUpstreamRelays(local.server, upstreams, local.server.logger, { ...relayOpts, timings });
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
