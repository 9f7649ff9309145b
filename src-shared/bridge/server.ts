// The local server as the Connections view and the status bar show it: address, counters and the publish token.
import { z } from 'zod';
import { TimestampSchema } from '../protocol/index.js';

/**
 * Where the publish token is kept: `keychain` (sealed by the OS keychain), `keychain-locked` (sealed, but the keychain
 * is not open yet: the server waits for it and refuses publishers), `file` (a file only this user can read: no
 * keychain), `config` (the configuration file or environment).
 */
export const TokenStorageSchema = z.enum(['keychain', 'keychain-locked', 'file', 'config']);
export type TokenStorage = z.infer<typeof TokenStorageSchema>;

export const ServerStatusSchema = z.object({
  /** Base URL the server listens on, e.g. `http://127.0.0.1:8080`. */
  address: z.string(),
  version: z.string(),
  startedAt: TimestampSchema,
  /** Whether `/ws` and `/metrics` need a token (non-loopback bind or the setting). */
  authRequired: z.boolean(),
  /** Where the publish token is kept (absent from older servers). */
  tokenStorage: TokenStorageSchema.optional(),
});
export type ServerStatus = z.infer<typeof ServerStatusSchema>;

export const EVENTS_PER_MINUTE_BUCKETS = 60;
export const ServerStatsSchema = z.object({
  /** Open `/ws` sessions. */
  connectedClients: z.number().int().nonnegative(),
  activeSubscriptions: z.number().int().nonnegative(),
  eventsPublished: z.number().int().nonnegative(),
  /** Events written to client sessions since start (`websocket_events_delivered_total`). */
  deliveries: z.number().int().nonnegative(),
  /** Events published per minute, oldest first, the last entry being the current (partial) minute. */
  eventsPerMinute: z.array(z.number().nonnegative()).max(EVENTS_PER_MINUTE_BUCKETS),
  activeIncidents: z.number().int().nonnegative(),
  /** The OS notification channel (as `/health` reports it): `degraded` when its probe or last delivery failed. */
  notifications: z.object({ state: z.enum(['ok', 'degraded', 'off']), detail: z.string() }).optional(),
  /** Escalation to phones and webhooks (as `/health` reports it), when configured: `degraded` while a target's last try failed. */
  escalation: z.object({ state: z.enum(['ok', 'degraded']), detail: z.string() }).optional(),
});
export type ServerStats = z.infer<typeof ServerStatsSchema>;

/** The publish token in clear (reveal and rotate); the desktop app adds its read-only token for local tools. */
export const PublishTokenSchema = z.object({
  token: z.string().min(1),
  /** Desktop: a token with the `subscribe` scope only, for tools that read the stream (reads need a token there). */
  readToken: z.string().min(1).optional(),
});
