// In-process fakes for driver tests: an event feed like the server's, and a sink that records what it shows.
import type {
  NotificationActivation, NotificationMessage, NotificationSink, NotifyEntry,
} from '../../../src-main/notify/index.js';

/** The server's `onEvent` in miniature. */
export class EventFeed {
  private readonly listeners = new Set<(e: NotifyEntry) => void>();
  readonly onEvent = (listener: (e: NotifyEntry) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  emit(e: NotifyEntry): void {
    for (const l of this.listeners) l(e);
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
}

/** Records every message; can be told to fail, and to report a click on a button. */
export class RecordingSink implements NotificationSink {
  readonly shown: NotificationMessage[] = [];
  failNext = 0;
  private readonly activationListeners = new Set<(a: NotificationActivation) => void>();

  async show(n: NotificationMessage): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('daemon not running');
    }
    this.shown.push(n);
  }

  onActivation(listener: (a: NotificationActivation) => void): () => void {
    this.activationListeners.add(listener);
    return () => this.activationListeners.delete(listener);
  }

  click(a: NotificationActivation): void {
    for (const l of this.activationListeners) l(a);
  }

  get activationListenerCount(): number {
    return this.activationListeners.size;
  }
}

/** Polls `check` until it returns true, failing with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
