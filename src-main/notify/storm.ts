// Storm coalescing: past `threshold` notifications within a window, hold the rest and show one summary.
import { formatSummary } from './storm-summary.js';
import type { PlannedNotification } from './types.js';

export interface StormSettings {
  /** Notifications shown one by one within a window before the storm gate closes. */
  threshold: number;
  windowMs: number;
}

/**
 * The gate. The first `threshold` notifications within `windowMs` pass; the next one starts a batch that
 * collects everything arriving in the following `windowMs`, then leaves as one summary (or as itself when
 * alone). While a storm lasts (a batch was flushed less than a window ago), new arrivals start the next
 * batch at once, so a long storm gives one summary per window.
 */
export class StormGate {
  private shownAt: number[] = [];
  private held: PlannedNotification[] = [];
  private flushAt: number | undefined;
  private stormUntil = Number.NEGATIVE_INFINITY;

  constructor(private settings: StormSettings) {}

  configure(settings: StormSettings): void {
    this.settings = settings;
  }

  /** Returns what to show now: the notification itself, or nothing (held for the summary). */
  admit(n: PlannedNotification, now: number): PlannedNotification[] {
    if (this.held.length > 0) {
      this.held.push(n);
      return [];
    }
    this.shownAt = this.shownAt.filter((t) => t > now - this.settings.windowMs);
    if (now >= this.stormUntil && this.shownAt.length < this.settings.threshold) {
      this.shownAt.push(now);
      return [n];
    }
    this.held = [n];
    this.flushAt = now + this.settings.windowMs;
    return [];
  }

  /** When the held batch is due, if any. */
  dueAt(): number | undefined {
    return this.flushAt;
  }

  /** Flushes a due batch: one summary (or the single held notification). */
  tick(now: number): PlannedNotification[] {
    if (this.flushAt === undefined || now < this.flushAt) return [];
    const batch = this.held;
    this.held = [];
    this.flushAt = undefined;
    this.stormUntil = now + this.settings.windowMs;
    this.shownAt.push(now);
    const [only] = batch;
    if (batch.length === 1 && only) return [only];
    return batch.length > 0 ? [formatSummary(batch)] : [];
  }

  /** The notifications waiting for the summary (for saving). */
  heldList(): PlannedNotification[] {
    return [...this.held];
  }

  /** Takes back saved held notifications; they leave at the next `tick` from `now`. */
  restoreHeld(saved: readonly PlannedNotification[], now: number): void {
    if (saved.length === 0) return;
    this.held = [...saved, ...this.held];
    this.flushAt = Math.min(this.flushAt ?? now, now);
  }

  /** Number of notifications waiting for the summary. */
  get heldCount(): number {
    return this.held.length;
  }
}
