// What an operator sees during and after faults (through the fault proxy): lag back to 0, lagging, replay verdicts, reconnect timing.
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.js';
import type { UpstreamStatus } from '../../src-main/relay/index.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { TestClient } from '../support/ws-client.js';
import {
  FAST_TIMINGS, numbered, publishEvents, range, receivedNumbers, startRelayedLocal, waitFor, type RelayedLocal,
} from './relay-harness.js';
import { startTcpProxy, type TcpProxy } from './support/fault-proxy.js';

const cleanups = cleanupsAfterEach();

const LAG_WARN_MS = 1000;
/** Roughly 13 KB/s: a few dozen events take seconds to cross. */
const TRICKLE = { bytes: 128, everyMs: 10 };

interface Rig extends RelayedLocal {
  upstream: Harness;
  proxy: TcpProxy;
  client: TestClient;
  /** Every status the relay reported, in order. */
  changes: UpstreamStatus[];
  central(): UpstreamStatus;
}

async function rig(timings = {}, relayOpts = {}): Promise<Rig> {
  const upstream = await startServer({ heartbeat_interval_secs: 1, session_timeout_secs: 5 });
  cleanups.push(() => upstream.stop());
  const proxy = await startTcpProxy(Number(new URL(upstream.url).port));
  cleanups.push(() => proxy.close());
  const relayed = await startRelayedLocal(
    [{ url: proxy.wsUrl(), name: 'central' }], { ...FAST_TIMINGS, lagWarnMs: LAG_WARN_MS, ...timings }, {}, {}, relayOpts,
  );
  cleanups.push(relayed.stop);
  const changes: UpstreamStatus[] = [];
  relayed.relay.onChange((s) => changes.push(s));
  const central = () => relayed.relay.status('central')!;
  await waitFor(() => central().state === 'connected', 'the relay to connect');
  const client = await TestClient.connect(relayed.local.wsUrl);
  cleanups.push(() => client.close());
  await client.subscribe('everything');
  return { ...relayed, upstream, proxy, client, changes, central };
}

/** All events 1..n at the local client, in order, none twice; then the lag reads 0 within 2 s. */
async function expectCaughtUp(r: Rig, n: number): Promise<void> {
  await waitFor(() => r.client.events().length >= n, `${n} events at the local client`, 30_000);
  await waitFor(() => r.central().lagSeconds === 0, 'the lag to read 0 after catching up', 2000);
  expect(receivedNumbers(r.client)).toEqual(range(1, n));
  expect(r.central().duplicatesDropped + r.central().eventsRelayed).toBeGreaterThanOrEqual(n);
  const metrics = await r.local.server.metrics.registry.getSingleMetricAsString('relay_upstream_lag_seconds');
  expect(metrics).toContain('relay_upstream_lag_seconds{upstream="central"} 0');
}

describe('relay observability after faults', () => {
  it('exports every relay event outcome and loop-drop reason at 0 before the first event', async () => {
    const r = await rig();
    const text = await r.local.server.metrics.registry.metrics();
    for (const outcome of ['relayed', 'duplicate', 'invalid', 'failed', 'looped']) expect(text).toContain(`relay_events_total{upstream="central",outcome="${outcome}"} 0`);
    for (const reason of ['own_stream', 'in_path', 'known_origin', 'hop_limit']) expect(text).toContain(`relay_loop_drops_total{upstream="central",reason="${reason}"} 0`);
    expect(text).toContain('relay_upstream_lag_seconds{upstream="central"} 0');
  });

  it('a trickling link turns the upstream lagging, and connected again once caught up', async () => {
    const r = await rig();
    await publishEvents(r.upstream, [numbered(1)]);
    await waitFor(() => r.client.events().length === 1, 'the first event');
    r.proxy.trickle(TRICKLE);
    await publishEvents(r.upstream, range(2, 80).map(numbered));
    await waitFor(() => r.central().state === 'lagging', 'the lagging state', 20_000);
    expect(r.central().lagSeconds).toBeGreaterThan(LAG_WARN_MS / 1000);
    expect(r.central().detail).toMatch(/^lagging: \d+ s behind the upstream/);
    const health = await (await fetch(`${r.local.url}/health`)).json() as { upstreams: { state: string }[] };
    expect(health.upstreams[0]!.state).toBe('lagging');
    r.proxy.setMode('pass');
    await expectCaughtUp(r, 80);
    await waitFor(() => r.central().state === 'connected', 'connected again');
    const states = r.changes.map((s) => s.state).filter((s, k, all) => s !== all[k - 1]);
    expect(states.slice(states.indexOf('lagging'))).toEqual(['lagging', 'connected']);
    expect(r.central().reconnects).toBe(0); // slow, never dropped
  });

  it('a slow replay after a reconnect is never reported as "no replay support"', async () => {
    const r = await rig();
    await publishEvents(r.upstream, [numbered(1)]);
    await waitFor(() => r.client.events().length === 1, 'the first event');
    await r.proxy.refuse();
    await waitFor(() => r.central().state === 'backing_off', 'the relay to lose the upstream');
    await publishEvents(r.upstream, range(2, 80).map(numbered)); // a backlog that crosses the trickle for seconds
    r.proxy.trickle(TRICKLE);
    await r.proxy.accept();
    await waitFor(() => r.central().reconnects >= 1 && r.central().replaySupported === true, 'the replay to complete', 30_000);
    r.proxy.setMode('pass');
    await expectCaughtUp(r, 80);
    expect(r.changes.filter((s) => s.replaySupported === false)).toEqual([]);
  });

  it.each([
    ['reset', (p: TcpProxy): void => p.resetExisting()],
    ['black hole', (p: TcpProxy): void => void p.blackholeExisting()],
    ['latency', (p: TcpProxy): void => p.setMode('slow', 300)],
  ] as const)('after a %s heals, the lag reads 0 and nothing is lost or repeated', async (_name, fault) => {
    const r = await rig();
    await publishEvents(r.upstream, [numbered(1)]);
    await waitFor(() => r.client.events().length === 1, 'the first event');
    fault(r.proxy);
    await publishEvents(r.upstream, range(2, 30).map(numbered));
    await waitFor(() => r.client.events().length >= 30 || r.central().lagSeconds > 0.2, 'late events or the lag to show', 15_000);
    r.proxy.setMode('pass');
    await expectCaughtUp(r, 30);
  });

  it('reconnects within 12 s of the port reopening after 20 s of refused connections', async () => {
    // The production schedule, with the least lucky jitter: every delay at its ceiling.
    const r = await rig({ backoffBaseMs: 1000, backoffCapMs: 10_000, stableAfterMs: 10_000 }, { random: () => 0.999 });
    await publishEvents(r.upstream, [numbered(1)]);
    await waitFor(() => r.client.events().length === 1, 'the first event');
    await r.proxy.refuse();
    await publishEvents(r.upstream, range(2, 10).map(numbered));
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    expect(r.central().state).toBe('backing_off');
    await r.proxy.accept();
    await waitFor(() => r.central().state === 'connected', 'the relay to reconnect', 12_000);
    await expectCaughtUp(r, 10);
  }, 45_000);
});
