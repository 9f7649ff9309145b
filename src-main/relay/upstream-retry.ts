// After an attempt closes: whether and when the next one goes (never after a refusal, slowly after an auth refusal, else backoff).
import { performance } from 'node:perf_hooks';
import type { Logger } from '../server/index.js';
import { ReconnectSchedule } from './reconnect-schedule.js';
import type { RelayTimings } from './timings.js';
import type { AttemptRecord } from './upstream-attempt.js';

/** What follows a closed attempt: the state to show, the error to report, and the delay before the next attempt (none when refused). */
export type NextAttempt =
  | { state: 'refused'; error: string }
  | { state: 'failed_auth' | 'backing_off'; error: string; delayMs: number };

export interface RetryPlannerOptions {
  upstream: string;
  timings: RelayTimings;
  logger: Logger;
  /** Uniform random in [0, 1) for the jitter. */
  random(): number;
  /** Wall clock (ms since 1970). */
  now(): number;
}

export class RetryPlanner {
  /** When the next attempt is due (ms since 1970), or null. */
  nextRetryAt: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private readonly backoff: ReconnectSchedule;

  constructor(private readonly opts: RetryPlannerOptions) {
    const t = opts.timings;
    this.backoff = new ReconnectSchedule({
      baseMs: t.backoffBaseMs, capMs: t.backoffCapMs, lateCapMs: t.backoffLateCapMs, escalateAfterMs: t.outageEscalateMs,
      random: opts.random, clock: () => performance.now(),
    });
  }

  /** Decides (and logs) what follows `attempt`; the backoff starts again from its base after a stable connection. */
  plan(attempt: AttemptRecord): NextAttempt {
    const { timings, logger, upstream } = this.opts;
    if (attempt.refusal !== undefined) return { state: 'refused', error: attempt.refusal };
    if (attempt.authRefused) {
      logger.warn('upstream refused the credentials; not retrying fast', { upstream, error: attempt.authRefused, retry_in_ms: timings.authRetryMs });
      return { state: 'failed_auth', error: attempt.authRefused, delayMs: timings.authRetryMs };
    }
    const error = attempt.failure ?? 'connection lost';
    if (attempt.wasStable(this.opts.now(), timings.stableAfterMs)) this.backoff.reset();
    const delayMs = this.backoff.next();
    logger.info('upstream connection lost; retrying', { upstream, error, retry_in_ms: delayMs });
    return { state: 'backing_off', error, delayMs };
  }

  /** Runs `attempt` after `delayMs` (replacing any pending one); `nextRetryAt` says when. */
  schedule(delayMs: number, attempt: () => void): void {
    this.nextRetryAt = this.opts.now() + delayMs;
    clearTimeout(this.timer);
    this.timer = setTimeout(attempt, delayMs);
    this.timer.unref();
  }

  /** No attempt pending (one is starting, or the connection stopped or was refused). */
  cancel(): void {
    clearTimeout(this.timer);
    this.nextRetryAt = null;
  }
}
