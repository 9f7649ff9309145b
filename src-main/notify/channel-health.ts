// The notification channel's state for /health (PROTOCOL 1.1 §7): ok, degraded (probe or last delivery failed), off.
import type { ProbeResult } from './freedesktop-probe.js';

export type ChannelState = 'ok' | 'degraded' | 'off';

export interface ChannelStatus {
  state: ChannelState;
  /** Why degraded, and the fix; what is running when ok. */
  detail: string;
}

/** Tracks the probe and the last delivery; tells listeners once per change of state (not per failure). */
export class ChannelHealth {
  private probeFailure: string | undefined;
  private deliveryFailure: string | undefined;
  private lastState: ChannelState = 'ok';
  private failures = 0;
  private readonly listeners = new Set<(s: ChannelStatus) => void>();

  constructor(private readonly okDetail: string) {}

  /** Called on every change of state, with the new status. */
  onChange(listener: (s: ChannelStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): ChannelStatus {
    const why = this.deliveryFailure ?? this.probeFailure;
    return why === undefined ? { state: 'ok', detail: this.okDetail } : { state: 'degraded', detail: why };
  }

  /** Deliveries that failed since start. */
  get failedDeliveries(): number {
    return this.failures;
  }

  recordProbe(result: ProbeResult): void {
    this.probeFailure = result.ok ? undefined : `${result.cause}; fix: ${result.fix}`;
    // A good probe does not clear a failed delivery: only the next delivery that works does.
    this.changed();
  }

  recordDelivery(error: unknown): void {
    if (error === undefined) this.deliveryFailure = undefined;
    else {
      this.failures += 1;
      this.deliveryFailure = `the last delivery failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
    }
    this.changed();
  }

  private changed(): void {
    const s = this.status();
    if (s.state === this.lastState) return;
    this.lastState = s.state;
    for (const l of [...this.listeners]) l(s);
  }
}
