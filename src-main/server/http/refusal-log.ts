// Refused requests summarised: one log line per (kind, route, remote) per interval with its count, never one per request.
import type { Logger } from '../telemetry/logger.js';

/** Distinct (kind, route, remote) keys kept per interval; more are counted under one overflow key. */
const MAX_KEYS = 200;
const OVERFLOW = { route: '(other routes)', remote: '(other remotes)' };

interface Tally { kind: string; route: string; remote: string; count: number }

/** The route a refusal is filed under: the first two path segments, so varying ids or junk paths share one key. */
export function routeKey(path: string): string {
  return path.split('/').slice(0, 3).join('/').slice(0, 64) || '/';
}

export class RefusalLog {
  private tallies = new Map<string, Tally>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly logger: Logger, readonly intervalMs = 10_000) {
    this.timer = setInterval(() => this.flush(), intervalMs);
    this.timer.unref();
  }

  /** Counts one refusal; it is logged with the others of its key at the end of the interval. */
  note(kind: string, route: string, remote: string | undefined): void {
    let key = `${kind}\u0000${route}\u0000${remote ?? '?'}`;
    let tally = this.tallies.get(key);
    if (!tally && this.tallies.size >= MAX_KEYS) {
      key = `${kind}\u0000overflow`;
      tally = this.tallies.get(key);
      if (!tally) this.tallies.set(key, (tally = { kind, ...OVERFLOW, count: 0 }));
    }
    if (!tally) this.tallies.set(key, (tally = { kind, route, remote: remote ?? '?', count: 0 }));
    tally.count += 1;
  }

  /** Writes one line per key counted since the last flush. */
  flush(): void {
    if (this.tallies.size === 0) return;
    const tallies = this.tallies;
    this.tallies = new Map();
    for (const t of tallies.values()) {
      this.logger.warn('requests refused', { kind: t.kind, route: t.route, remote: t.remote, count: t.count, interval_secs: this.intervalMs / 1000 });
    }
  }

  /** Flushes what is counted and stops the interval. */
  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
