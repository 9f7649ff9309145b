// Upstreams: remote instances (ours or the Rust server) this app subscribes to and re-publishes from.
import { z } from 'zod';
import { FiltersInputSchema, TimestampSchema } from '../protocol/index.js';
import { TokenStorageSchema } from './server.js';
import { NormalizedFiltersSchema } from './subscriptions.js';

export const UPSTREAM_STATES = ['disabled', 'connecting', 'connected', 'lagging', 'backoff', 'failed'] as const;
export type UpstreamState = (typeof UPSTREAM_STATES)[number];

const UpstreamIdSchema = z.string().min(1).max(128);
const NameSchema = z.string().trim().min(1, 'give the upstream a name').max(64, 'at most 64 characters')
  .regex(/^[\w.:@/-]+$/, 'letters, digits and . _ : @ / - only');
const WsUrlSchema = z.string().trim().regex(/^wss?:\/\/[^\s/?#]+(\/[^\s]*)?$/i, 'must be a ws:// or wss:// URL');
/** A bearer token for the upstream; null removes the stored one. Never sent back by the server. */
const TokenSchema = z.string().min(1, 'must not be empty').max(8192).nullable();

/** What the upstream form submits. */
export const UpstreamInputSchema = z.object({
  name: NameSchema,
  url: WsUrlSchema,
  token: TokenSchema.optional(),
  filters: FiltersInputSchema.default({}),
  enabled: z.boolean().default(true),
});
export type UpstreamInput = z.input<typeof UpstreamInputSchema>;

/** An edit: only the fields present change; an absent token keeps the stored one. */
export const UpstreamUpdateSchema = z.object({
  id: UpstreamIdSchema,
  name: NameSchema.optional(),
  url: WsUrlSchema.optional(),
  token: TokenSchema.optional(),
  filters: FiltersInputSchema.optional(),
  enabled: z.boolean().optional(),
});

export const UpstreamSchema = z.object({
  id: UpstreamIdSchema,
  name: z.string(),
  url: z.string(),
  enabled: z.boolean(),
  /** Whether a token is stored (usable now, or sealed and waiting for the keychain). */
  hasToken: z.boolean(),
  /**
   * Where the token is kept, as recorded by the store holding it: `keychain`, `keychain-locked` (sealed, the keychain
   * is not open yet: the upstream runs without it and the app waits), `file` (readable by this user only), `config`;
   * null: no token. Absent from older servers.
   */
  tokenStorage: TokenStorageSchema.nullable().optional(),
  filters: NormalizedFiltersSchema,
  state: z.enum(UPSTREAM_STATES),
  /** Why the last attempt failed or the connection dropped. */
  lastError: z.string().nullable(),
  /** When the next connection attempt is due (state `backoff`). */
  nextRetryAt: TimestampSchema.nullable(),
  /** Whether the upstream honoured `resume_after` (null until known). */
  replaySupported: z.boolean().nullable(),
  connectedSince: TimestampSchema.nullable(),
  /** Last message id received and acknowledged, the resume point. */
  lastMessageId: z.string().nullable(),
  eventsReceived: z.number().int().nonnegative(),
  /** How far behind the upstream the relay is now (s); above the warning the state is `lagging`. */
  lagSeconds: z.number().nonnegative().optional(),
  /** Incidents whose missing update, resolve or close the reconcile published here. Absent from older servers. */
  reconciled: z.number().int().nonnegative().optional(),
  /** Gap marks journaled for this upstream (events it published while the relay was away may be missing). Absent from older servers. */
  gapMarks: z.number().int().nonnegative().optional(),
  /** The first-connect incident backfill in words (`3 active incidents backfilled`); null when none ran. */
  backfill: z.string().nullable().optional(),
  /** Which snapshot of the server's upstream list this was read from (higher is newer): an answer and a push can
   * arrive in either order, and the UI keeps the newer. Absent: apply as it comes. */
  revision: z.number().int().nonnegative().optional(),
});
export type Upstream = z.infer<typeof UpstreamSchema>;

export const UpstreamListSchema = z.object({ upstreams: z.array(UpstreamSchema), revision: z.number().int().nonnegative().optional() });
export const UpstreamIdRequestSchema = z.object({ id: UpstreamIdSchema });
