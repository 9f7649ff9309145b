// Failed-token slow-down: per remote address, a bucket of allowed failures; an empty bucket means 429 without a check.

export interface FailedAuthThrottleOptions {
  /** Failures a remote may have at once before it is throttled. */
  burst: number;
  /** Failures per second a throttled remote earns back. */
  perSec: number;
  now?(): number;
}

/** Remotes tracked at once; the oldest is forgotten beyond this (a flood of addresses cannot grow memory). */
export const MAX_REMOTES = 4096;

/**
 * A brute-forcer that tried 14,000 tokens a second is held to `perSec` refusals a second once its `burst` is spent:
 * past that a refused token answers 429 (no 401, no log line of its own). A valid token always passes, even from a
 * throttled address: every local client shares 127.0.0.1, so a throttle that also held valid tokens would let any
 * local process lock out every publisher (tokens are ≥ 128 random bits, so guessing one is not the risk).
 */
export class FailedAuthThrottle {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly now: () => number;

  constructor(private readonly opts: FailedAuthThrottleOptions) {
    this.now = opts.now ?? (() => performance.now());
  }

  /** Whether `remote` may have its token checked now (false: answer 429). */
  mayTry(remote: string | undefined): boolean {
    const b = this.refilled(remote ?? '?');
    return b === undefined || b.tokens >= 1;
  }

  /** Whole seconds until `remote` may try again (for Retry-After). */
  retryAfterSecs(): number {
    return Math.max(1, Math.ceil(1 / this.opts.perSec));
  }

  /** Records a refused token from `remote`. */
  failed(remote: string | undefined): void {
    const key = remote ?? '?';
    const b = this.refilled(key) ?? { tokens: this.opts.burst, at: this.now() };
    b.tokens = Math.max(0, b.tokens - 1);
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size > MAX_REMOTES) this.buckets.delete(this.buckets.keys().next().value!);
  }

  private refilled(key: string): { tokens: number; at: number } | undefined {
    const b = this.buckets.get(key);
    if (!b) return undefined;
    const now = this.now();
    b.tokens = Math.min(this.opts.burst, b.tokens + ((now - b.at) / 1000) * this.opts.perSec);
    b.at = now;
    if (b.tokens >= this.opts.burst) this.buckets.delete(key);
    return b;
  }
}
