// Whether an upstream replays: `replay_complete` says yes; no replayed frame and no `replay_complete` for a whole window says no.
import { performance } from 'node:perf_hooks';

export type ReplayVerdict = 'complete' | 'missing' | 'refused';

export class ReplayDetector {
  /** true: it replays; false: "no replay support" (a guide-only server); null: not asked yet. */
  supported: boolean | null = null;
  /** Whether the last replay said the resume point was gone (the upstream replayed all it retains). */
  lastGap = false;
  private askedNow = false;
  private done = false;
  private timer: NodeJS.Timeout | undefined;
  /** When the upstream last sent an event published before our subscribe (a replayed one), monotonic ms. */
  private lastReplayedAt = 0;
  private subscribedAtWall = 0;
  private readonly clock: () => number;

  constructor(private readonly opts: { timeoutMs: number; onVerdict(verdict: ReplayVerdict): void; clock?: () => number }) {
    this.clock = opts.clock ?? (() => performance.now());
  }

  /** Whether the subscribe in flight carries `resume_after`. */
  get asked(): boolean {
    return this.askedNow;
  }

  /** A subscribe goes out, with or without `resume_after`. */
  subscribing(withResume: boolean): void {
    this.stop();
    this.askedNow = withResume;
    this.done = false;
  }

  /** The upstream confirmed the subscription (at `nowWall`, ms since 1970): a replaying server sends its events, then `replay_complete`. */
  subscribed(nowWall: number): void {
    if (!this.askedNow || this.done) return;
    this.subscribedAtWall = nowWall;
    this.lastReplayedAt = this.clock();
    this.arm(this.opts.timeoutMs);
  }

  /** An event arrived; one published before the subscribe is a replayed one: a replay in progress, however slow. */
  eventArrived(timestamp: string | undefined): void {
    if (!this.askedNow || this.done) return;
    const publishedAt = timestamp === undefined ? Number.NaN : Date.parse(timestamp);
    if (publishedAt <= this.subscribedAtWall) this.lastReplayedAt = this.clock();
  }

  /** "No replay support" only after a whole window without a replayed frame, and never once `replay_complete` was seen. */
  private arm(delayMs: number): void {
    this.stop();
    this.timer = setTimeout(() => {
      if (this.done) return;
      const quietMs = this.clock() - this.lastReplayedAt;
      if (quietMs < this.opts.timeoutMs) return this.arm(this.opts.timeoutMs - quietMs);
      if (this.supported === true) return; // it replayed before: a slow or silent replay is not a missing feature
      this.supported = false;
      this.opts.onVerdict('missing');
    }, Math.max(1, Math.ceil(delayMs)));
    this.timer.unref();
  }

  completed(gap: boolean): void {
    this.stop();
    this.done = true;
    this.supported = true;
    this.lastGap = gap;
    this.opts.onVerdict('complete');
  }

  /** A strict server refused `resume_after` itself. */
  refused(): void {
    this.stop();
    this.askedNow = false;
    this.supported = false;
    this.opts.onVerdict('refused');
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
