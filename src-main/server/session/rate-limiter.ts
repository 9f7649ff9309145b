// Token bucket for a session's inbound messages: `rate` per second, up to `burst` at once.

export class TokenBucket {
  private tokens: number;
  private last: number;
  /** Refusals since the bucket last let a message through. */
  violations = 0;

  constructor(private readonly rate: number, private readonly burst: number, now: number) {
    // Start with one second's worth, not the whole burst, so reconnecting does not buy a fresh burst each time.
    this.tokens = Math.min(burst, rate);
    this.last = now;
  }

  /** Takes one token; false when the session is over its rate. */
  take(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.violations = 0;
      return true;
    }
    this.violations += 1;
    return false;
  }
}
