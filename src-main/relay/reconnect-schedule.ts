// When to reconnect after a failure: full jitter under a doubling ceiling, capped low early in an outage and higher later.
import { Backoff } from '../../src-shared/backoff.js';

export interface ReconnectScheduleOptions {
  baseMs: number;
  /** Cap while the outage is young (ms). */
  capMs: number;
  /** Cap once the outage has lasted `escalateAfterMs` (ms). */
  lateCapMs: number;
  /** Outage age after which `lateCapMs` applies (ms). */
  escalateAfterMs: number;
  /** Uniform random number in [0, 1). */
  random: () => number;
  /** A monotonic clock (ms). */
  clock: () => number;
}

/** An outage starts at the first failure after a healthy connection and ends when the schedule is reset. */
export class ReconnectSchedule {
  private readonly backoff: Backoff;
  private outageStart: number | null = null;

  constructor(private readonly opts: ReconnectScheduleOptions) {
    this.backoff = new Backoff({ baseMs: opts.baseMs, capMs: opts.lateCapMs, random: opts.random });
  }

  /** The delay before the next attempt (ms); the outage's age picks the cap. */
  next(): number {
    const now = this.opts.clock();
    this.outageStart ??= now;
    const cap = now - this.outageStart >= this.opts.escalateAfterMs ? this.opts.lateCapMs : this.opts.capMs;
    return this.backoff.next(cap);
  }

  /** A healthy connection: the next failure starts a new outage from the base delay. */
  reset(): void {
    this.backoff.reset();
    this.outageStart = null;
  }
}
