// What one connection attempt learned: why it failed (first reason wins), whether the credentials were refused, when it subscribed.

export class AttemptRecord {
  /** Why the attempt failed; the first reason wins, except a refused upgrade's HTTP status. */
  failure: string | undefined;
  /** Why the upstream refused the credentials (then the retry is slow). */
  authRefused: string | undefined;
  /** When the subscription was confirmed (ms since 1970), or null. */
  subscribedAt: number | null = null;
  /** Why this side refused the upstream for good (a self-relay); set once, kept across attempts, never retried. */
  refusal: string | undefined;

  /** A new attempt starts: what the last one learned is forgotten (a refusal stays). */
  begin(): void {
    this.failure = undefined;
    this.authRefused = undefined;
    this.subscribedAt = null;
  }

  /** Records a failure reason unless one is known already. */
  failed(why: string): void {
    this.failure ??= why;
  }

  /** The socket closed: a refused upgrade's HTTP status names the failure; otherwise the close code does, if nothing else did. */
  closed(code: number, reason: string, httpStatus: number | undefined): void {
    if (httpStatus === 401 || httpStatus === 403) this.authRefused ??= `the upstream refused the credentials (HTTP ${httpStatus})`;
    else if (httpStatus !== undefined) this.failure = `the upstream refused the upgrade (HTTP ${httpStatus})`;
    this.failure ??= `connection closed (${code}${reason ? ` ${reason}` : ''})`;
  }

  /** Whether the attempt stayed subscribed for at least `stableAfterMs` (then the backoff starts again from its base). */
  wasStable(now: number, stableAfterMs: number): boolean {
    return this.subscribedAt !== null && now - this.subscribedAt >= stableAfterMs;
  }
}
