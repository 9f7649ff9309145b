// How far behind an upstream the relay is now: the age of the newest upstream event at its arrival, 0 once the stream is drained.
// "Drained" is proven by a frame the upstream writes after its backlog: a `pong` answering our ping, or `replay_complete`.

export interface LagTrackerOptions {
  /** Above this the upstream is `lagging` (ms). */
  warnMs: number;
  /** An event at least this old asks the upstream for a pong, so catching up is seen at once, not at the next heartbeat (ms). */
  probeAfterMs: number;
  /** Sends one application `ping`; its `pong` follows the events the upstream had already written. */
  sendProbe(): void;
  /** The lag changed (seconds). */
  onChange(lagSeconds: number): void;
}

export class LagTracker {
  private behindMs = 0;
  private probeInFlight = false;

  constructor(private readonly opts: LagTrackerOptions) {}

  /** Seconds behind: 0 when caught up. */
  get seconds(): number {
    return this.behindMs / 1000;
  }

  get lagging(): boolean {
    return this.behindMs > this.opts.warnMs;
  }

  /** An upstream event arrived; `timestamp` is its upstream publish time (RFC 3339), `nowMs` the wall clock. */
  eventArrived(timestamp: string | undefined, nowMs: number): void {
    const publishedAt = timestamp === undefined ? Number.NaN : Date.parse(timestamp);
    if (!Number.isFinite(publishedAt)) return;
    this.set(Math.max(0, nowMs - publishedAt));
    if (this.behindMs >= this.opts.probeAfterMs && !this.probeInFlight) {
      this.probeInFlight = true;
      this.opts.sendProbe();
    }
  }

  /** A pong or `replay_complete`: everything the upstream had written before it has arrived. */
  drained(): void {
    this.probeInFlight = false;
    this.set(0);
  }

  /** The connection ended: a probe sent on it will not be answered. */
  connectionEnded(): void {
    this.probeInFlight = false;
  }

  private set(ms: number): void {
    if (ms === this.behindMs) return;
    this.behindMs = ms;
    this.opts.onChange(this.seconds);
  }
}
