// Faults between relay and upstream, through a TCP proxy: reset, slow link, black hole, upstream restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.js';
import type { UpstreamStatus } from '../../src-main/relay/index.js';
import { SqliteJournal } from '../../src-main/server/journal/sqlite-journal.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { TestClient } from '../support/ws-client.js';
import {
  FAST_TIMINGS, numbered, publishEvents, range, receivedNumbers, sleep, startRelayedLocal, waitFor,
} from './relay-harness.js';
import { startTcpProxy } from './tcp-proxy.js';

const cleanups = cleanupsAfterEach();

describe('relay under network faults', () => {
  it('delivers 1,000 events in order, none twice, across a reset, a black hole and an upstream restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-faults-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const journalFile = join(dir, 'upstream-journal.sqlite3'); // durable: the restarted upstream reopens it
    let upstream: Harness = await startServer({ heartbeat_interval_secs: 1, session_timeout_secs: 5 }, { journal: new SqliteJournal(journalFile) });
    const port = Number(new URL(upstream.url).port);
    cleanups.push(() => upstream.stop());
    const proxy = await startTcpProxy(port);
    cleanups.push(() => proxy.close());
    const { local, relay, stop } = await startRelayedLocal(
      [{ url: proxy.wsUrl(), name: 'central' }],
      { ...FAST_TIMINGS, pingIntervalMs: 300, backoffCapMs: 400 },
    );
    cleanups.push(stop);
    await waitFor(() => relay.status('central')?.state === 'connected', 'the relay to connect');
    const client = await TestClient.connect(local.wsUrl);
    cleanups.push(() => client.close());
    await client.subscribe('everything');

    // Each fault waits until the relay is back on a live connection, so that every fault hits one.
    const connectedAfter = (reconnects: number) => waitFor(() => {
      const st = relay.status('central')!;
      return st.state === 'connected' && st.reconnects >= reconnects;
    }, `the relay to be connected after ${reconnects} reconnects`, 15_000);
    const faults: string[] = [];
    for (let n = 1; n <= 1000; n += 10) {
      if (n === 101) proxy.setMode('slow', 20);
      if (n === 251) {
        await connectedAfter(0);
        proxy.resetExisting();
        proxy.setMode('pass');
        faults.push('reset');
      }
      if (n === 501) {
        await connectedAfter(1);
        faults.push(`black hole on ${proxy.blackholeExisting().length} connection`);
      }
      if (n === 751) {
        await connectedAfter(2);
        await upstream.stop();
        await sleep(200);
        upstream = await startServer({ port, heartbeat_interval_secs: 1, session_timeout_secs: 5 }, { journal: new SqliteJournal(journalFile) });
        faults.push('upstream restart');
      }
      await publishEvents(upstream, range(n, n + 9).map(numbered));
      await sleep(5);
    }
    await waitFor(() => receivedNumbers(client).length >= 1000, 'all 1,000 events at the local client', 30_000);
    await sleep(300); // room for a late duplicate to show up
    expect(faults).toEqual(['reset', 'black hole on 1 connection', 'upstream restart']);
    expect(receivedNumbers(client)).toEqual(range(1, 1000));
    const status = relay.status('central')!;
    expect(status.reconnects).toBeGreaterThanOrEqual(3);
    expect(status.eventsRelayed).toBe(1000);
    expect(status.replaySupported).toBe(true);
  });

  it('replaces a black-holed connection within two heartbeat intervals', async () => {
    const intervalMs = 1000;
    const upstream = await startServer();
    cleanups.push(() => upstream.stop());
    const proxy = await startTcpProxy(Number(new URL(upstream.url).port));
    cleanups.push(() => proxy.close());
    const { local, relay, stop } = await startRelayedLocal([{ url: proxy.wsUrl(), name: 'central' }], { ...FAST_TIMINGS, pingIntervalMs: intervalMs });
    cleanups.push(stop);
    const changes: { at: number; status: UpstreamStatus }[] = [];
    relay.onChange((status) => changes.push({ at: performance.now(), status }));
    await waitFor(() => relay.status('central')?.state === 'connected', 'the relay to connect');
    const client = await TestClient.connect(local.wsUrl);
    cleanups.push(() => client.close());
    await client.subscribe('everything');
    await publishEvents(upstream, [numbered(1)]);
    await waitFor(() => client.events().length === 1, 'the first event');

    const holedAt = performance.now();
    const [hole] = proxy.blackholeExisting();
    await publishEvents(upstream, [numbered(2)]);
    await waitFor(() => relay.status('central')?.reconnects === 1 && relay.status('central')?.state === 'connected', 'a replacement connection', 10_000);
    const detected = changes.find((c) => c.at > holedAt && c.status.state === 'backing_off')!;
    const replaced = changes.find((c) => c.at > holedAt && c.status.state === 'connected')!;

    // Detection by silence, not by a close: the black hole sends neither FIN nor RST.
    expect(detected.status.detail).toMatch(/two missed pongs/);
    // Two intervals: the relay sent at most two pings into the hole before giving up on it.
    expect(hole!.droppedFromClient).toBeGreaterThanOrEqual(1);
    expect(hole!.droppedFromClient).toBeLessThanOrEqual(2);
    // And in wall-clock terms: two intervals, plus the first backoff step and one more interval of margin for a loaded machine.
    expect(replaced.at - holedAt).toBeLessThanOrEqual(3 * intervalMs + FAST_TIMINGS.backoffBaseMs!);

    await waitFor(() => client.events().length === 2, 'the event published into the hole, fetched again on resume');
    expect(receivedNumbers(client)).toEqual([1, 2]);
  });

  it('backs off longer after each failure and starts again from the base once a connection was stable', async () => {
    const base = 100;
    const stableAfterMs = 400;
    const upstream = await startServer();
    cleanups.push(() => upstream.stop());
    const proxy = await startTcpProxy(Number(new URL(upstream.url).port));
    cleanups.push(() => proxy.close());
    const { relay, stop } = await startRelayedLocal(
      [{ url: proxy.wsUrl(), name: 'central' }],
      { ...FAST_TIMINGS, backoffBaseMs: base, backoffCapMs: 10_000, stableAfterMs },
      {}, {}, { random: () => 0.999 }, // no jitter: the delays show the ceiling itself
    );
    cleanups.push(stop);
    const delays: number[] = [];
    const retriesSeen = new Set<string>();
    relay.onChange((s) => {
      // One entry per scheduled retry: a status change while backing off (the background backfill finishing, say)
      // reports the same retry again and must not count as another failure.
      if (s.state !== 'backing_off' || retriesSeen.has(s.nextRetryAt!)) return;
      retriesSeen.add(s.nextRetryAt!);
      delays.push(Date.parse(s.nextRetryAt!) - Date.parse(s.since));
    });
    const connected = () => relay.status('central')?.state === 'connected';
    await waitFor(connected, 'the relay to connect');

    proxy.setMode('reset');
    await waitFor(() => delays.length >= 3, 'three failed attempts');
    proxy.setMode('pass');
    await waitFor(connected, 'the relay to reconnect');
    const failures = delays.length;
    proxy.resetExisting(); // dropped at once: not stable, so the ceiling keeps doubling
    await waitFor(() => delays.length > failures, 'one more failure');
    await waitFor(connected, 'the relay to reconnect again');
    await sleep(stableAfterMs + 200);
    proxy.resetExisting(); // dropped after a stable connection: back to the base
    await waitFor(() => delays.length > failures + 1, 'a failure after a stable connection');

    const doubling = Array.from({ length: failures + 1 }, (_, k) => 2 ** k);
    expect(delays.map((d) => Math.round(d / base))).toEqual([...doubling, 1]);
  });
});
