// Tells when a stream consumer's server went silent: no message, heartbeat or pull answer for too long while connected.
import type { ConsumerNotification } from '@nats-io/jetstream';

/**
 * Notifications that only the consumer's server can cause: an idle heartbeat, an answer to a pull
 * (408 expiry, 404, with its discard counts), or a consumer the library recreated itself. The
 * client's own notices (`next`, `heartbeats_missed`, `reset`) and failures prove nothing.
 */
const SIGNS_OF_LIFE: ReadonlySet<ConsumerNotification['type']> = new Set(['heartbeat', 'debug', 'discard', 'ordered_consumer_recreated']);

/** Whether a consume notification shows that the consumer's server is alive. */
export function isSignOfLife(n: ConsumerNotification): boolean {
  return SIGNS_OF_LIFE.has(n.type);
}

export class ConsumerLiveness {
  private lastHeard: number;

  /** `silenceLimitMs` should span a few idle heartbeats: the server sends one per heartbeat period at least. */
  constructor(private readonly silenceLimitMs: number, private readonly now: () => number = Date.now) {
    this.lastHeard = now();
  }

  /** The server showed the consumer is alive (a message or a sign of life), or a new consumer starts. */
  heard(): void {
    this.lastHeard = this.now();
  }

  /**
   * True once the server was silent for the limit while the connection was up. Time spent
   * disconnected does not count: after a reconnect the consumer gets the whole limit again.
   */
  isSilent(connected: boolean): boolean {
    if (!connected) {
      this.lastHeard = this.now();
      return false;
    }
    return this.now() - this.lastHeard >= this.silenceLimitMs;
  }

  /** How long the server has been silent (ms). */
  silentFor(): number {
    return this.now() - this.lastHeard;
  }
}
