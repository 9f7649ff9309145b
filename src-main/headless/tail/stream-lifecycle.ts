// What tail's WebSocket and SSE streams share: stop, the exit code, and after a drop either exiting or reconnecting with backoff.
import type { Backoff } from '../../../src-shared/backoff.js';
import { connectError } from '../server-address.js';

export const secondsText = (ms: number) => `${ms < 10_000 ? (ms / 1000).toFixed(1) : Math.round(ms / 1000)} s`;

export interface LifecycleOptions {
  httpUrl: string;
  reconnect: boolean;
  backoff: Backoff;
  notice(line: string): void;
}

/** The handle `tail` holds: the exit code once done, and stop (Ctrl-C). */
export interface TailStream {
  done: Promise<number>;
  stop: () => void;
}

export class StreamLifecycle {
  /** Stopped by the user: a drop then ends with 0, never a reconnect. */
  stopped = false;
  /** A subscription was confirmed at least once: later connection errors reconnect instead of exiting. */
  everSubscribed = false;
  readonly done: Promise<number>;
  private resolveDone: (code: number) => void = () => undefined;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: LifecycleOptions, private readonly connect: () => void) {
    this.done = new Promise<number>((resolve) => { this.resolveDone = resolve; });
  }

  finish(code: number): void {
    this.resolveDone(code);
  }

  /** A subscription was confirmed: the backoff starts again from its base. */
  subscribed(): void {
    this.everSubscribed = true;
    this.opts.backoff.reset();
  }

  /**
   * A connection ended (not refused for good): 0 when stopped; exit 1 when the first connection never worked;
   * `exitWithoutReconnect` when reconnecting is off; otherwise the next attempt after a backoff delay, said with `reason`.
   */
  dropped(lastError: unknown, exitWithoutReconnect: number, reason: () => string): void {
    if (this.stopped) return this.finish(0);
    if (!this.everSubscribed && lastError !== undefined) {
      this.opts.notice(connectError(this.opts.httpUrl, lastError).message);
      return this.finish(1);
    }
    if (!this.opts.reconnect) return this.finish(exitWithoutReconnect);
    const delay = this.opts.backoff.next();
    this.opts.notice(`${reason()}; reconnecting in ${secondsText(delay)}`);
    this.retryTimer = setTimeout(this.connect, delay);
  }

  /** Connects and returns the handle; `close` ends the current connection when stopped. */
  start(close: () => void): TailStream {
    this.connect();
    return {
      done: this.done,
      stop: () => {
        this.stopped = true;
        clearTimeout(this.retryTimer);
        close();
      },
    };
  }
}
