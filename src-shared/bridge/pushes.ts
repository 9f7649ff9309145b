// Events the main side pushes to the UI, `'push:...'` → payload schema; the server may batch and coalesce them.
import { z } from 'zod';
import { UuidSchema } from '../protocol/index.js';
import { FeedEventSchema, IncidentSummarySchema } from './incidents.js';
import { ServerStatsSchema } from './server.js';
import { SettingsSchema } from './settings.js';
import { SubscriptionListSchema } from './subscriptions.js';
import { UpstreamListSchema } from './upstreams.js';

export const PUSH_BATCH_MAX = 1000;

export const BRIDGE_PUSHES = {
  /** Newly published events, oldest first (batched, e.g. one frame per 50 ms tick). */
  'push:events': z.object({ events: z.array(FeedEventSchema).min(1).max(PUSH_BATCH_MAX) }),
  /** Incidents whose incident object or on-call state changed, latest version each. */
  'push:incidents': z.object({ incidents: z.array(IncidentSummarySchema).min(1).max(PUSH_BATCH_MAX) }),
  /** The whole subscription list, after a change or when match counts moved (at most about once a second). */
  'push:subscriptions': SubscriptionListSchema,
  /** The whole upstream list, whenever one changes state or is added, edited or removed. */
  'push:upstreams': UpstreamListSchema,
  /** Server counters, periodically (about every 2 s). */
  'push:stats': ServerStatsSchema,
  /** Settings changed (by another window or client). */
  'push:settings': SettingsSchema,
  /**
   * Show this incident: select it on the board and open its detail. Sent by the desktop shell when a notification
   * or a tray item is clicked; the UI does not need to know the incident yet (it fetches it).
   */
  'push:open-incident': z.object({ id: UuidSchema }),
} as const;

export type BridgePushes = typeof BRIDGE_PUSHES;
export type PushName = keyof BridgePushes;
export type PushOf<E extends PushName> = z.output<BridgePushes[E]>;
/** One push as a value, e.g. to hand from the control service to a transport. */
export type BridgePush = { [E in PushName]: { event: E; payload: PushOf<E> } }[PushName];
export const PUSH_NAMES = Object.keys(BRIDGE_PUSHES) as PushName[];

export function isPushName(name: string): name is PushName {
  return Object.prototype.hasOwnProperty.call(BRIDGE_PUSHES, name);
}

/** One frame of the push stream: `{ "event": "push:...", "payload": {...} }`. */
export const PushFrameSchema = z.object({ event: z.string(), payload: z.unknown() });
