// Escalation as the settings form edits it: the config's shape without secrets, each target's secret state, test pages.
import { z } from 'zod';
import {
  EscalationConfigFields, GotifyTargetSchema, NtfyTargetSchema, WebhookTargetSchema, checkEscalation,
} from '../escalation-settings.js';
import { TokenStorageSchema } from './server.js';

const TargetNameSchema = NtfyTargetSchema.shape.name;

/** A target as the form sends it: no `token`/`secret` (those go to the secret vault, never back to a page). */
export const EscalationFormTargetSchema = z.discriminatedUnion('kind', [
  NtfyTargetSchema.omit({ token: true }), GotifyTargetSchema.omit({ token: true }), WebhookTargetSchema.omit({ secret: true }),
]);
export type EscalationFormTarget = z.infer<typeof EscalationFormTargetSchema>;

const { acknowledge_token: _inlineAcknowledgeToken, ...formFields } = EscalationConfigFields;

/** The escalation settings without secrets; the secret rules are checked by the server, which knows the vault. */
export const EscalationFormSchema = z.object({ ...formFields, targets: z.array(EscalationFormTargetSchema).min(1) }).strict()
  .superRefine((c, ctx) => checkEscalation(c, ctx, () => true));
export type EscalationForm = z.infer<typeof EscalationFormSchema>;

/** Where a target's token or secret comes from: the settings form (the vault), the config file, or nowhere. */
export const TargetSecretSourceSchema = z.enum(['settings', 'config', 'none']);
export type TargetSecretSource = z.infer<typeof TargetSecretSourceSchema>;

export const EscalationViewSchema = z.object({
  enabled: z.boolean(),
  /** Where these settings come from: saved from the form, the config file's `escalation`, or nothing yet. */
  source: z.enum(['settings', 'config', 'none']),
  escalation: EscalationFormSchema.nullable(),
  /** Per target: whether a secret is set (never the secret), and the store that holds a form-set one. */
  secrets: z.array(z.object({ target: TargetNameSchema, source: TargetSecretSourceSchema, storage: TokenStorageSchema.nullable() })),
});
export type EscalationView = z.infer<typeof EscalationViewSchema>;

const SecretValueSchema = z.string().min(1, 'must not be empty').max(8192, 'at most 8192 characters');

/** Saves the settings; `secrets` (by target name) go to the vault, only when everything is valid. */
export const EscalationSaveSchema = z.object({
  enabled: z.boolean(),
  escalation: EscalationFormSchema,
  secrets: z.record(TargetNameSchema, SecretValueSchema).default({}),
});
export type EscalationSave = z.input<typeof EscalationSaveSchema>;

/** Replaces the token (ntfy, Gotify) or HMAC secret (webhook) of a saved target. */
export const EscalationSecretSchema = z.object({ target: TargetNameSchema, secret: SecretValueSchema });

export const EscalationTestRequestSchema = z.object({ target: TargetNameSchema });

/** What the target answered to a test page. */
export const EscalationTestResultSchema = z.object({ delivered: z.boolean(), detail: z.string() });
export type EscalationTestResult = z.infer<typeof EscalationTestResultSchema>;
