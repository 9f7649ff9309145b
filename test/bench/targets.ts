// The targets of issues 3 and 5, checked against one run's results (a report, never a test assertion).
import type { ScenarioResult } from './measure.js';

export interface TargetCheck {
  target: string;
  measured: string;
  /** null when a needed figure is missing from this run. */
  met: boolean | null;
}

const f = (v: number | null | undefined, d = 2): string => (v === null || v === undefined ? '-' : v.toFixed(d));

/** Compares the relay's figures with the targets and with the baseline of the same run. */
export function checkTargets(results: readonly ScenarioResult[], relay: string, baseline: string): TargetCheck[] {
  const get = (scenario: string, server: string): ScenarioResult | undefined =>
    results.find((r) => r.scenario === scenario && r.server === server);
  const checks: TargetCheck[] = [];
  const add = (target: string, measured: string, met: boolean | null): void => { checks.push({ target, measured, met }); };
  const ok = (...vals: Array<number | null | undefined>): boolean => vals.every((v) => v !== null && v !== undefined);

  const burst = get('burst', relay)?.cpuMicrosPerDelivery;
  const burstBase = get('burst', baseline)?.cpuMicrosPerDelivery;
  if (get('burst', relay)) {
    add('burst: CPU ≤ 3 µs/delivery and ≤ 1/5 of the baseline', `${f(burst)} µs vs baseline ${f(burstBase)} µs`,
      ok(burst, burstBase) ? (burst as number) <= 3 && (burst as number) * 5 <= (burstBase as number) : null);
  }
  const comp = get('compressed', relay)?.cpuMicrosPerDelivery;
  if (comp !== undefined) {
    add('compressed: ≤ 2× the uncompressed burst', `${f(comp)} µs vs burst ${f(burst)} µs`, ok(comp, burst) ? (comp as number) <= 2 * (burst as number) : null);
  }
  const sel = get('selective', relay)?.cpuMillisPerEvent;
  const sel10 = get('selective-10x', relay)?.cpuMillisPerEvent;
  if (sel10 !== undefined) {
    add('selective: 10× non-matching subscriptions < 1.5× CPU per event', `${f(sel10, 3)} ms vs ${f(sel, 3)} ms per event`,
      ok(sel, sel10) ? (sel10 as number) < 1.5 * (sel as number) : null);
  }
  const p99 = get('steady', relay)?.latencyMs?.p99;
  const p99Base = get('steady', baseline)?.latencyMs?.p99;
  if (get('steady', relay)) {
    add('steady: p99 no worse than the baseline', `${f(p99, 1)} ms vs baseline ${f(p99Base, 1)} ms`, ok(p99, p99Base) ? (p99 as number) <= (p99Base as number) : null);
  }
  const idle = get('idle', relay)?.rssPerConnectionKiB;
  if (get('idle', relay)) add('idle: ≤ 16 KiB RSS per connection', `${f(idle, 1)} KiB`, ok(idle) ? (idle as number) <= 16 : null);
  const ingest = get('journal-publish', relay);
  if (ingest) add('journal-publish: ≥ 20,000 events/s with the journal on', `${f(ingest.deliveriesPerSecond, 0)} events/s`, ingest.deliveriesPerSecond >= 20_000);
  const replay = get('journal-replay', relay);
  if (replay) add('journal-replay: 100,000 events to one client in ≤ 2 s', `${replay.deliveries} events in ${f(replay.seconds)} s`, replay.complete && replay.seconds <= 2);
  return checks;
}
