// Escalation off this machine: push targets (ntfy, Gotify, a signed webhook) and the steps that page them.
import { z } from 'zod';
import { SeveritySchema } from './protocol/index.js';

const NameSchema = z.string().regex(/^[A-Za-z0-9][\w.-]{0,63}$/, 'must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit');
const HttpUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

/** A secret given inline, or (preferred: config files end up in backups) as `<name>_file`, read once at start. */
const Secret = z.string().min(1).optional();

const TargetBase = {
  /** How steps refer to this target. */
  name: NameSchema,
  /** Who carries the device: the acknowledge from its button is recorded as `<person> (phone)`. */
  person: z.string().min(1).max(64).optional(),
};

export const NtfyTargetSchema = z.object({
  ...TargetBase,
  kind: z.literal('ntfy'),
  /** The ntfy server, e.g. `https://ntfy.sh` or a self-hosted one; messages are POSTed to its root as JSON. */
  url: HttpUrlSchema,
  /** The topic the phone subscribes to (treat it as a password on a public server). */
  topic: z.string().regex(/^[\w-]{1,64}$/, 'must be 1–64 letters, digits, "_" or "-"'),
  /** Optional ntfy access token (`tk_…`) for a protected topic. */
  token: Secret,
  token_file: Secret,
}).strict();

export const GotifyTargetSchema = z.object({
  ...TargetBase,
  kind: z.literal('gotify'),
  /** The Gotify server; messages are POSTed to `<url>/message`. */
  url: HttpUrlSchema,
  /** The Gotify application token (sent as `X-Gotify-Key`). */
  token: Secret,
  token_file: Secret,
}).strict();

export const WebhookTargetSchema = z.object({
  ...TargetBase,
  kind: z.literal('webhook'),
  /** Receives the JSON body documented in the README. */
  url: HttpUrlSchema,
  /** HMAC-SHA256 key: each request carries `X-Incident-Relay-Signature: sha256=<hex>` over `<timestamp>.<body>`. */
  secret: Secret,
  secret_file: Secret,
}).strict();

export const PushTargetConfigSchema = z.discriminatedUnion('kind', [NtfyTargetSchema, GotifyTargetSchema, WebhookTargetSchema]);
export type PushTargetConfig = z.infer<typeof PushTargetConfigSchema>;

const Minutes = z.number().min(0).max(24 * 60);

export const EscalationStepSchema = z.object({
  /**
   * First step: minutes after the incident was raised while still unacknowledged, per severity (severities without a
   * value never escalate). Later steps: minutes after the previous step (one number).
   */
  after_minutes: z.union([Minutes, z.partialRecord(SeveritySchema, Minutes)]),
  /** Target names, all paged by this step. */
  targets: z.array(NameSchema).min(1),
}).strict();
export type EscalationStep = z.infer<typeof EscalationStepSchema>;

/** The config's fields, unchecked across fields (the settings form's schema reuses them without the secrets). */
export const EscalationConfigFields = {
  targets: z.array(PushTargetConfigSchema).min(1),
  steps: z.array(EscalationStepSchema).min(1),
  /** The desktop's screen locked or system idle: the first step is taken at once (headless servers never report idle). */
  escalate_when_idle: z.boolean().default(true),
  /** An address a phone can reach this server at (for the Acknowledge button and the click link); without it, no button. */
  public_url: HttpUrlSchema.optional(),
  /** A token with the `respond` scope (listed in `api_tokens`), put in the Acknowledge button's request. */
  acknowledge_token: Secret,
  acknowledge_token_file: Secret,
  /** Tries per target before a step counts as failed (then the next step is taken at once). */
  attempts: z.int().min(1).max(10).default(3),
  /** First retry delay; doubles per try. */
  retry_base_secs: z.number().min(0.01).max(600).default(5),
};

type CheckedTarget = { name: string; kind: string };
interface Checked { targets: readonly CheckedTarget[]; steps: readonly EscalationStep[] }

/**
 * The rules across fields: unique target names, first step per severity, later steps one number, every step's targets
 * named. `hasSecret` says whether a gotify/webhook target has its token or secret (inline, a file, or the vault).
 */
export function checkEscalation(c: Checked, ctx: z.RefinementCtx, hasSecret: (target: CheckedTarget, index: number) => boolean): void {
  const names = new Set<string>();
  c.targets.forEach((t, i) => {
    if (names.has(t.name)) ctx.addIssue({ code: 'custom', path: ['targets', i, 'name'], message: `"${t.name}" is named twice` });
    names.add(t.name);
    if (t.kind === 'gotify' && !hasSecret(t, i)) ctx.addIssue({ code: 'custom', path: ['targets', i], message: 'a gotify target needs token or token_file' });
    if (t.kind === 'webhook' && !hasSecret(t, i)) ctx.addIssue({ code: 'custom', path: ['targets', i], message: 'a webhook target needs secret or secret_file' });
  });
  c.steps.forEach((s, i) => {
    if (i === 0 && typeof s.after_minutes === 'number') ctx.addIssue({ code: 'custom', path: ['steps', 0, 'after_minutes'], message: 'the first step needs minutes per severity, e.g. {P0: 5, P1: 15}' });
    if (i > 0 && typeof s.after_minutes !== 'number') ctx.addIssue({ code: 'custom', path: ['steps', i, 'after_minutes'], message: 'a later step takes one number: minutes after the previous step' });
    s.targets.forEach((t, j) => {
      if (!names.has(t)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'targets', j], message: `no target is named "${t}"` });
    });
  });
}

const inlineOrFile = (t: PushTargetConfig): boolean => t.kind === 'ntfy' || (t.kind === 'gotify' ? Boolean(t.token || t.token_file) : Boolean(t.secret || t.secret_file));

export const EscalationConfigSchema = z.object(EscalationConfigFields).strict()
  .superRefine((c, ctx) => checkEscalation(c, ctx, (t) => inlineOrFile(t as PushTargetConfig)));
export type EscalationConfig = z.infer<typeof EscalationConfigSchema>;
