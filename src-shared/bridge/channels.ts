// The bridge contract: every call as `'domain:verb'` → request and response schema, one map for both transports.
import { z } from 'zod';
import {
  IncidentDetailSchema, IncidentIdRequestSchema, IncidentListRequestSchema, IncidentListSchema, IncidentSummarySchema,
  RecentEventsRequestSchema, RecentEventsSchema, ResolveRequestSchema, SnoozeRequestSchema, AssignRequestSchema, CommentRequestSchema,
} from './incidents.js';
import { PublishTokenSchema, ServerStatsSchema, ServerStatusSchema } from './server.js';
import { SettingsSchema, TestNotificationSchema } from './settings.js';
import { IncidentWhySchema } from './why.js';
import {
  EscalationSaveSchema, EscalationSecretSchema, EscalationTestRequestSchema, EscalationTestResultSchema, EscalationViewSchema,
} from './escalation.js';
import {
  SubscriptionDraftSchema, SubscriptionListSchema, SubscriptionUpdateSchema, UiSubscriptionSchema,
} from './subscriptions.js';
import {
  UpstreamIdRequestSchema, UpstreamInputSchema, UpstreamListSchema, UpstreamSchema, UpstreamUpdateSchema,
} from './upstreams.js';
import { SubscriptionIdSchema } from '../protocol/index.js';

const Empty = z.object({});
/** Response of calls that only confirm. */
export const OkSchema = z.object({ ok: z.literal(true) });

const call = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) => ({ request, response });

export const BRIDGE_CHANNELS = {
  'subscriptions:list': call(Empty, SubscriptionListSchema),
  'subscriptions:create': call(SubscriptionDraftSchema, UiSubscriptionSchema),
  'subscriptions:update': call(SubscriptionUpdateSchema, UiSubscriptionSchema),
  'subscriptions:delete': call(z.object({ id: SubscriptionIdSchema }), OkSchema),

  'incidents:list': call(IncidentListRequestSchema, IncidentListSchema),
  'incidents:get': call(IncidentIdRequestSchema, IncidentDetailSchema),
  'incidents:acknowledge': call(IncidentIdRequestSchema, IncidentSummarySchema),
  'incidents:snooze': call(SnoozeRequestSchema, IncidentSummarySchema),
  'incidents:resolve': call(ResolveRequestSchema, IncidentSummarySchema),
  'incidents:unacknowledge': call(IncidentIdRequestSchema, IncidentSummarySchema),
  'incidents:assign': call(AssignRequestSchema, IncidentSummarySchema),
  'incidents:comment': call(CommentRequestSchema, IncidentSummarySchema),

  'events:recent': call(RecentEventsRequestSchema, RecentEventsSchema),

  'settings:get': call(Empty, SettingsSchema),
  'settings:update': call(SettingsSchema, SettingsSchema),
  'notifications:test': call(Empty, TestNotificationSchema),
  'notifications:why': call(IncidentIdRequestSchema, IncidentWhySchema),

  'escalation:get': call(Empty, EscalationViewSchema),
  'escalation:save': call(EscalationSaveSchema, EscalationViewSchema),
  'escalation:secret': call(EscalationSecretSchema, EscalationViewSchema),
  'escalation:test': call(EscalationTestRequestSchema, EscalationTestResultSchema),

  'upstreams:list': call(Empty, UpstreamListSchema),
  'upstreams:add': call(UpstreamInputSchema, UpstreamSchema),
  'upstreams:update': call(UpstreamUpdateSchema, UpstreamSchema),
  'upstreams:remove': call(UpstreamIdRequestSchema, OkSchema),

  'server:status': call(Empty, ServerStatusSchema),
  'server:stats': call(Empty, ServerStatsSchema),
  'token:reveal': call(Empty, PublishTokenSchema),
  'token:rotate': call(Empty, PublishTokenSchema),
} as const;

export type BridgeChannels = typeof BRIDGE_CHANNELS;
export type ChannelName = keyof BridgeChannels;
export const CHANNEL_NAMES = Object.keys(BRIDGE_CHANNELS) as ChannelName[];

/** What a caller passes (defaults not yet applied). */
export type RequestOf<C extends ChannelName> = z.input<BridgeChannels[C]['request']>;
/** What a handler receives after validation (defaults applied). */
export type ParsedRequestOf<C extends ChannelName> = z.output<BridgeChannels[C]['request']>;
/** What a call resolves to. */
export type ResponseOf<C extends ChannelName> = z.output<BridgeChannels[C]['response']>;

/** Narrows an arbitrary string (an IPC channel, a URL segment) to a contract channel. */
export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(BRIDGE_CHANNELS, name);
}
