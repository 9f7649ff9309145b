// Regions: each source region's link as the region log reports it (source lag and last activity), for /health and /metrics.
import type { StreamInfo } from '@nats-io/jetstream';
import { Gauge, type Registry } from 'prom-client';
import type { RegionLayout } from './region-layout.js';

/** A source whose last contact is older than this is down (ms); a live one hears from its remote about every second. */
export const LINK_DOWN_MS = 5000;

export interface RegionLinkState {
  link: 'up' | 'down';
  /** Messages the remote intake holds that this region's log has not sourced yet, as NATS last reported. */
  lag: number;
  /** Time since the source last heard from the remote region (ms); null before it ever did. */
  last_active_ms: number | null;
}

export class RegionLinks {
  private readonly states = new Map<string, RegionLinkState>();

  constructor(private readonly layout: RegionLayout) {
    for (const r of layout.sources) this.states.set(r, { link: 'down', lag: 0, last_active_ms: null });
  }

  /** Reads the sources of the region log's info. */
  update(info: StreamInfo): void {
    for (const src of info.sources ?? []) {
      const region = this.layout.regionOfIntake(src.name.split(':')[0]!);
      if (region === undefined || region === this.layout.region || !this.states.has(region)) continue;
      const activeMs = src.active >= 0 ? Math.round(src.active / 1e6) : null;
      this.states.set(region, { link: activeMs !== null && activeMs < LINK_DOWN_MS ? 'up' : 'down', lag: src.lag, last_active_ms: activeMs });
    }
  }

  /** This node cannot read the log's info (its own NATS connection is down): it cannot vouch for any link. */
  unknown(): void {
    for (const [r, s] of this.states) this.states.set(r, { ...s, link: 'down' });
  }

  /** The `regions` field of /health. */
  health(): Record<string, RegionLinkState> {
    return Object.fromEntries(this.states);
  }

  registerOn(registry: Registry): void {
    const each = (read: (s: RegionLinkState) => number) => function collect(this: Gauge<'region'>) {
      for (const [r, s] of states) this.set({ region: r }, read(s));
    };
    const states = this.states;
    registry.registerMetric(new Gauge({
      name: 'incident_relay_region_lag_messages', help: 'Messages of a source region not yet sourced into this region\'s log', labelNames: ['region'], registers: [],
      collect: each((s) => s.lag),
    }));
    registry.registerMetric(new Gauge({
      name: 'incident_relay_region_link_up', help: '1 while this region\'s log hears from the source region, else 0', labelNames: ['region'], registers: [],
      collect: each((s) => (s.link === 'up' ? 1 : 0)),
    }));
  }
}
