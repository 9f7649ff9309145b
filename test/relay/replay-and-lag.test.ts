// Replay verdicts by what the upstream does, and the lag tracker's "how far behind now", with injected clocks.
import { describe, expect, it } from 'vitest';
import { LagTracker } from '../../src-main/relay/lag-tracker.js';
import { ReplayDetector, type ReplayVerdict } from '../../src-main/relay/replay-detector.js';
import { sleep, waitFor } from './relay-harness.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('replay detector', () => {
  it('waits while replayed events keep arriving, however long the replay takes, then believes replay_complete', async () => {
    const verdicts: ReplayVerdict[] = [];
    let clock = 0; // the detector's clock: 50 ms pass between replayed frames, however slow the machine is
    const detector = new ReplayDetector({ timeoutMs: 100, onVerdict: (v) => verdicts.push(v), clock: () => clock });
    const subscribedAt = Date.now();
    detector.subscribing(true);
    detector.subscribed(subscribedAt);
    for (let k = 0; k < 8; k++) { // four windows long, never a window without a replayed frame
      await sleep(50);
      clock += 50;
      detector.eventArrived(iso(subscribedAt - 60_000 + k));
    }
    expect(verdicts).toEqual([]);
    detector.completed(false);
    expect(verdicts).toEqual(['complete']);
    expect(detector.supported).toBe(true);
  });

  it('reports no replay support after a window with neither a replayed frame nor replay_complete', async () => {
    const verdicts: ReplayVerdict[] = [];
    const detector = new ReplayDetector({ timeoutMs: 50, onVerdict: (v) => verdicts.push(v) });
    detector.subscribing(true);
    const subscribedAt = Date.now();
    detector.subscribed(subscribedAt);
    detector.eventArrived(iso(subscribedAt + 1000)); // a live event: not a replay in progress
    await waitFor(() => verdicts.length > 0, 'a verdict');
    expect(verdicts).toEqual(['missing']);
    expect(detector.supported).toBe(false);
  });

  it('never reports "missing" for an upstream that sent replay_complete before', async () => {
    const verdicts: ReplayVerdict[] = [];
    const detector = new ReplayDetector({ timeoutMs: 30, onVerdict: (v) => verdicts.push(v) });
    detector.subscribing(true);
    detector.subscribed(Date.now());
    detector.completed(false);
    detector.subscribing(true); // the next connection: its replay is silent for a while
    detector.subscribed(Date.now());
    await sleep(120);
    expect(verdicts).toEqual(['complete']);
    expect(detector.supported).toBe(true);
    detector.stop();
  });
});

describe('lag tracker', () => {
  const tracker = (warnMs = 30_000) => {
    const probes: number[] = [];
    const lags: number[] = [];
    const lag = new LagTracker({ warnMs, probeAfterMs: 1000, sendProbe: () => probes.push(1), onChange: (s) => lags.push(s) });
    return { lag, probes, lags };
  };

  it('is the newest event\'s age at arrival, lagging above the warning, and 0 once a pong proves the stream drained', () => {
    const { lag, probes, lags } = tracker();
    lag.eventArrived(iso(1_000), 46_100);
    expect(lag.seconds).toBe(45.1);
    expect(lag.lagging).toBe(true);
    expect(probes).toHaveLength(1); // asked at once for a pong behind the backlog
    lag.eventArrived(iso(2_000), 46_200);
    expect(probes).toHaveLength(1); // one probe in flight at a time
    lag.drained();
    expect(lag.seconds).toBe(0);
    expect(lag.lagging).toBe(false);
    expect(lags).toEqual([45.1, 44.2, 0]);
  });

  it('ignores events without a readable timestamp and sends no probe for a fresh event', () => {
    const { lag, probes } = tracker();
    lag.eventArrived(undefined, 5000);
    lag.eventArrived('not a time', 5000);
    lag.eventArrived(iso(4_990), 5000);
    expect(lag.seconds).toBe(0.01);
    expect(probes).toEqual([]);
  });
});
