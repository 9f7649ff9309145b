// Reconnect delays: exponential backoff with full jitter, reset once a connection has been stable.
// Full jitter (delay uniform in [0, min(cap, base·2^n)]) spreads a crowd of clients that lost the same
// server at the same moment: https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/

/** The ceiling of a full-jitter delay after `failures` failures: base·2^failures, at most `capMs`. */
export function fullJitterCeiling(failures: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.min(Math.max(0, failures), 30));
}

export interface BackoffOptions {
  /** Cap of the first delay (ms). */
  baseMs: number;
  /** Largest delay (ms). */
  capMs: number;
  /** Uniform random number in [0, 1); Math.random by default. */
  random?: () => number;
}

export class Backoff {
  private failures = 0;
  private readonly random: () => number;

  constructor(private readonly opts: BackoffOptions) {
    this.random = opts.random ?? Math.random;
  }

  /** Failures since the last reset. */
  get attempt(): number {
    return this.failures;
  }

  /** The delay before the next attempt (ms), and counts one more failure; `capMs` overrides the cap for this draw. */
  next(capMs = this.opts.capMs): number {
    const ceiling = fullJitterCeiling(this.failures, this.opts.baseMs, capMs);
    this.failures += 1;
    return Math.floor(this.random() * ceiling);
  }

  /** Back to the base delay (after a stable connection). */
  reset(): void {
    this.failures = 0;
  }
}
