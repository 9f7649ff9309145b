// Whether an upstream replays: `replay_complete` after a `resume_after` subscribe says yes; silence until a deadline says no.

export type ReplayVerdict = 'complete' | 'missing' | 'refused';

export class ReplayDetector {
  /** true: it replays; false: "no replay support" (a guide-only server); null: not asked yet. */
  supported: boolean | null = null;
  /** Whether the last replay said the resume point was gone (the upstream replayed all it retains). */
  lastGap = false;
  private askedNow = false;
  private done = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: { timeoutMs: number; onVerdict(verdict: ReplayVerdict): void }) {}

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

  /** The upstream confirmed the subscription: a replaying server sends `replay_complete` next (after the events). */
  subscribed(): void {
    if (!this.askedNow || this.done) return;
    this.stop();
    this.timer = setTimeout(() => {
      if (this.done) return;
      this.supported = false;
      this.opts.onVerdict('missing');
    }, this.opts.timeoutMs);
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
