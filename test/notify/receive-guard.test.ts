// The "not receiving" guard with a fake clock: one notice per change of state, the unchecked window named, cleared on flow.
import { describe, expect, it } from 'vitest';
import { ReceiveGuard, parseLabelSelector } from '../../src-main/notify/index.js';
import { FakeClock, alert } from './support/fixtures.js';

const watchdog = () => ({ event_type: 'alert_received' as const, alert: alert({ severity: 'P4', title: 'Watchdog', labels: { alertname: 'Watchdog', prometheus: 'k8s' } }) });

describe('ReceiveGuard', () => {
  it('raises once when an upstream stays down past stale_after, and clears when it reconnects, naming the window', () => {
    const clock = new FakeClock(Date.parse('2025-03-10T03:12:00Z'));
    const guard = new ReceiveGuard({ staleAfterMs: 120_000 }, clock.now());
    guard.upstream('central', true, clock.now());
    expect(guard.check(clock.advance(600_000))).toEqual([]);
    guard.upstream('central', false, clock.now());
    expect(guard.check(clock.advance(119_000))).toEqual([]);
    const [raised, ...more] = guard.check(clock.advance(1000));
    expect(more).toEqual([]);
    expect(raised).toMatchObject({ title: 'Not receiving from central since 03:22:00Z', urgency: 'critical' });
    expect(raised?.body).toContain('incidents from 03:22:00Z on could not be checked');
    guard.upstream('central', false, clock.now()); // a failed retry: still the same outage
    expect(guard.check(clock.advance(300_000))).toEqual([]);
    guard.upstream('central', true, clock.now());
    expect(guard.check(clock.now())).toEqual([expect.objectContaining({ title: 'Receiving from central again', body: 'Not checked: 03:22:00Z → 03:29:00Z.' })]);
    expect(guard.check(clock.advance(600_000))).toEqual([]);
  });

  it('raises when the Watchdog heartbeat is not seen for stale_after (from the start), and clears when it fires again', () => {
    const clock = new FakeClock(Date.parse('2025-03-10T03:00:00Z'));
    const guard = new ReceiveGuard({ staleAfterMs: 120_000, heartbeatLabels: parseLabelSelector('alertname=Watchdog') }, clock.now());
    guard.event(watchdog(), clock.advance(60_000));
    expect(guard.check(clock.advance(119_000))).toEqual([]);
    guard.event({ event_type: 'alert_received', alert: alert({ labels: { alertname: 'DiskFull' } }) }, clock.now());
    expect(guard.check(clock.advance(1000)).map((n) => n.title)).toEqual(['Not receiving from the heartbeat alert since 03:01:00Z']);
    expect(guard.check(clock.advance(60_000))).toEqual([]);
    guard.event(watchdog(), clock.now());
    expect(guard.check(clock.now()).map((n) => [n.title, n.body])).toEqual([['Receiving from the heartbeat alert again', 'Not checked: 03:01:00Z → 03:04:00Z.']]);
  });

  it('forgets a removed upstream, and refuses a selector that is not label=value', () => {
    const clock = new FakeClock();
    const guard = new ReceiveGuard({ staleAfterMs: 10_000 }, clock.now());
    guard.upstream('old', false, clock.now());
    guard.removeUpstream('old');
    expect(guard.check(clock.advance(60_000))).toEqual([]);
    expect(() => parseLabelSelector('alertname')).toThrow(/"alertname" is not label=value/);
    expect(parseLabelSelector('alertname=Watchdog, env=prod')).toEqual({ alertname: 'Watchdog', env: 'prod' });
  });
});
