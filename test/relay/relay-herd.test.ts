// Fifty relays lose one upstream at once: jitter spreads their retries, and recovery leaves exactly fifty subscriptions.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.js';
import type { RelayTimings } from '../../src-main/relay/index.js';
import { startServer } from '../support/server-harness.js';
import { sleep, startRelayedLocal, waitFor } from './relay-harness.js';
import { startTcpProxy } from './tcp-proxy.js';

const cleanups = cleanupsAfterEach();

/** The production shape (1 s doubling to 30 s, 30 s outage, 1 s windows) at a tenth of the time. */
const SCALE = 0.1;
const TIMINGS: Partial<RelayTimings> = {
  backoffBaseMs: 1000 * SCALE, backoffCapMs: 30_000 * SCALE, stableAfterMs: 60_000 * SCALE,
  pingIntervalMs: 1000, connectTimeoutMs: 2000, replayDetectMs: 1000,
};
const OUTAGE_MS = 30_000 * SCALE;
const WINDOW_MS = 1000 * SCALE;
const RELAYS = 50;

/** The largest share of `times` that falls in any window of `width` (sliding). */
function densestWindowShare(times: number[], width: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= width) j++;
    best = Math.max(best, i - j + 1);
  }
  return t.length === 0 ? 0 : best / t.length;
}

describe('many relays and one upstream outage', () => {
  it('spreads reconnect attempts by jitter and ends with exactly one subscription per relay', async () => {
    const upstream = await startServer({ heartbeat_interval_secs: 1 });
    cleanups.push(() => upstream.stop());
    const proxy = await startTcpProxy(Number(new URL(upstream.url).port));
    cleanups.push(() => proxy.close());
    const names = Array.from({ length: RELAYS }, (_, k) => `relay-${String(k).padStart(2, '0')}`);
    const { relay, stop } = await startRelayedLocal(names.map((name) => ({ url: proxy.wsUrl(), name })), TIMINGS);
    cleanups.push(stop);
    const allConnected = () => relay.stats().connected === RELAYS;
    await waitFor(allConnected, 'all relays to connect');
    // Each relay's one-off incident backfill (an HTTP request through the same proxy; this upstream has no incidents API)
    // must be over first, so that the proxy's accepts below count WebSocket reconnection attempts only.
    await waitFor(() => relay.list().every((s) => s.backfill?.state === 'unsupported'), 'the incident backfills to finish');
    expect(upstream.server.connectionStats().active_subscriptions).toBe(RELAYS);

    const downAt = performance.now();
    proxy.setMode('reset'); // drops every connection at once and refuses new ones: the upstream is down
    await sleep(OUTAGE_MS);
    const upAt = performance.now();
    proxy.setMode('pass');
    const attempts = proxy.accepts.filter((t) => t >= downAt && t < upAt);

    await waitFor(allConnected, 'all relays to reconnect after the outage', 15_000);
    const reconnectedAt = proxy.accepts.filter((t) => t >= upAt);
    await waitFor(() => upstream.server.connectionStats().active_subscriptions === RELAYS, 'the upstream to count the subscriptions');
    await sleep(4 * WINDOW_MS); // a relay that reconnected twice would show up here
    expect(upstream.server.connectionStats()).toMatchObject({ active_connections: RELAYS, active_subscriptions: RELAYS });

    // Every relay kept retrying, with backoff: several attempts each, not a tight loop.
    const perRelay = relay.list().map((s) => s.reconnects);
    expect(Math.min(...perRelay)).toBeGreaterThanOrEqual(2);
    expect(attempts.length).toBeLessThan(RELAYS * 15);
    // Jitter: no one-second-equivalent window holds more than 30% of the attempts made during the outage ...
    expect(densestWindowShare(attempts, WINDOW_MS)).toBeLessThanOrEqual(0.3);
    // ... nor of the successful reconnections after it (without jitter they would all land together).
    expect(reconnectedAt.length).toBeGreaterThanOrEqual(RELAYS);
    expect(densestWindowShare(reconnectedAt, WINDOW_MS)).toBeLessThanOrEqual(0.3);
  });
});
