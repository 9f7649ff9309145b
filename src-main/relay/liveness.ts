// Upstream liveness: a `ping` every interval; two intervals without any inbound frame (two missed pongs) mean dead.
import { performance } from 'node:perf_hooks';

export interface LivenessOptions {
  /** Between pings (ms); silence for twice this is death. */
  intervalMs: number;
  sendPing(): void;
  /** Called once, with how long the upstream was silent (ms). */
  onDead(silentMs: number): void;
}

export class LivenessMonitor {
  private lastInbound = performance.now();
  private pingTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;

  constructor(private readonly opts: LivenessOptions) {}

  start(): void {
    this.lastInbound = performance.now();
    this.pingTimer = setInterval(() => this.opts.sendPing(), this.opts.intervalMs);
    this.pingTimer.unref();
    this.arm(2 * this.opts.intervalMs);
  }

  /** Any inbound frame (message, ping or pong) proves the path works. */
  heard(): void {
    this.lastInbound = performance.now();
  }

  stop(): void {
    clearInterval(this.pingTimer);
    clearTimeout(this.watchdog);
    this.pingTimer = undefined;
    this.watchdog = undefined;
  }

  /** One timer, re-armed lazily for the remaining time, so hearing a frame costs only a clock read. */
  private arm(delayMs: number): void {
    this.watchdog = setTimeout(() => {
      const silent = performance.now() - this.lastInbound;
      const limit = 2 * this.opts.intervalMs;
      if (silent < limit) {
        this.arm(limit - silent);
        return;
      }
      this.stop();
      this.opts.onDead(Math.round(silent));
    }, Math.max(1, Math.ceil(delayMs)));
    this.watchdog.unref();
  }
}
