// Client → server and server → client messages (PROTOCOL.md sections 2 and 3).
import { z } from 'zod';
import { SUBSCRIPTION_ID_MAX, type ClosingReason, type ErrorCode } from './constants.js';
import { FiltersInputSchema, type Filters } from './filters.js';
import type { IncidentEvent } from './events.js';

export const SubscriptionIdSchema = z.string().min(1, 'must not be empty').max(SUBSCRIPTION_ID_MAX, `at most ${SUBSCRIPTION_ID_MAX} characters`);
const MessageIdSchema = z.string().min(1).max(256);

export const SubscribeSchema = z.object({
  type: z.literal('subscribe'),
  subscription_id: SubscriptionIdSchema,
  filters: FiltersInputSchema.nullish(),
  resume_after: MessageIdSchema.nullish(),
});
export const UnsubscribeSchema = z.object({ type: z.literal('unsubscribe'), subscription_id: SubscriptionIdSchema });
export const PingSchema = z.object({ type: z.literal('ping'), timestamp: z.string().max(256).nullish() });
export const AckSchema = z.object({ type: z.literal('ack'), message_id: MessageIdSchema });
export const AuthSchema = z.object({ type: z.literal('auth'), token: z.string().min(1).max(8192) });

/** Each client message type and the schema its frames must satisfy. */
export const CLIENT_MESSAGE_SCHEMAS = {
  subscribe: SubscribeSchema,
  unsubscribe: UnsubscribeSchema,
  ping: PingSchema,
  ack: AckSchema,
  auth: AuthSchema,
} as const;
export type ClientMessageType = keyof typeof CLIENT_MESSAGE_SCHEMAS;
export type ClientMessage = { [K in ClientMessageType]: z.infer<(typeof CLIENT_MESSAGE_SCHEMAS)[K]> }[ClientMessageType];
export type SubscribeMessage = z.infer<typeof SubscribeSchema>;

export interface WelcomeMessage {
  type: 'welcome'; session_id: string; server_time: string;
  heartbeat_interval_secs?: number; session_timeout_secs?: number; protocol?: string;
}
export interface SubscribedMessage { type: 'subscribed'; subscription_id: string; filters: Filters }
export interface UnsubscribedMessage { type: 'unsubscribed'; subscription_id: string }
/** `heartbeat: true` marks the unsolicited pong sent every heartbeat interval (1.1), not an answer to a ping. */
export interface PongMessage { type: 'pong'; timestamp: string; server_time?: string; heartbeat?: true }
export interface EventMessage {
  type: 'event'; message_id: string; timestamp: string; event: IncidentEvent; subscription_ids: string[];
  /** (1.1) Written ahead of older events not yet sent; a client keeps its resume point at the last in-order id. */
  out_of_order?: true;
}
export interface ReplayCompleteMessage { type: 'replay_complete'; subscription_id: string; replayed: number; gap: boolean }
export interface ErrorMessage { type: 'error'; code: ErrorCode; message: string; ref?: string }
export interface AuthenticatedMessage { type: 'authenticated'; expires_at: string | null; scopes: string[] }
export interface ClosingMessage { type: 'closing'; reason: ClosingReason | string }

export type ServerMessage = WelcomeMessage | SubscribedMessage | UnsubscribedMessage | PongMessage | EventMessage
  | ReplayCompleteMessage | ErrorMessage | AuthenticatedMessage | ClosingMessage;
