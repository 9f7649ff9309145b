// connectionStats() and eventStats() as in the guide, read from the hub and the metrics.
import type { Hub } from '../hub/hub.js';

export interface ConnectionStats {
  active_connections: number;
  active_subscriptions: number;
  total_events_delivered: number;
  pending_messages: number;
}

export interface EventStats {
  total_events: number;
  journal_size: number;
  journal_epoch: string;
  incidents_known: number;
}

export function buildStats(hub: Hub): { connections: ConnectionStats; events: EventStats } {
  let pending = 0;
  for (const s of hub.sessions) pending += s.pending;
  return {
    connections: {
      active_connections: hub.sessions.size,
      active_subscriptions: hub.sessionSubscriptionCount,
      total_events_delivered: hub.totalDelivered,
      pending_messages: pending,
    },
    events: {
      total_events: hub.totalPublished,
      journal_size: hub.journal.size(),
      journal_epoch: hub.journal.epoch,
      incidents_known: hub.incidents.size(),
    },
  };
}
