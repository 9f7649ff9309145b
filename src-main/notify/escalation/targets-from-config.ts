// Builds the push targets of an escalation config, reading each `*_file` secret once (a missing file is a start-up error).
import { readFileSync } from 'node:fs';
import type { EscalationConfig, PushTargetConfig } from '../../../src-shared/escalation-settings.js';
import { createGotifyTarget } from './gotify-target.js';
import { createNtfyTarget } from './ntfy-target.js';
import type { PushTarget } from './push-target.js';
import { createWebhookTarget } from './webhook-target.js';

/** Reads a secret file (surrounding whitespace trimmed); the error names the setting and the file. */
export function readSecretFile(setting: string, path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new Error(`escalation: ${setting} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (!text) throw new Error(`escalation: ${setting} ${path} is empty`);
  return text;
}

const secret = (inline: string | undefined, file: string | undefined, setting: string): string | undefined =>
  inline ?? (file ? readSecretFile(setting, file) : undefined);

function createTarget(t: PushTargetConfig): PushTarget {
  const person = t.person ? { person: t.person } : {};
  switch (t.kind) {
    case 'ntfy': {
      const token = secret(t.token, t.token_file, `targets.${t.name}.token_file`);
      return createNtfyTarget({ name: t.name, url: t.url, topic: t.topic, ...person, ...(token ? { token } : {}) });
    }
    case 'gotify':
      return createGotifyTarget({ name: t.name, url: t.url, ...person, token: secret(t.token, t.token_file, `targets.${t.name}.token_file`)! });
    case 'webhook':
      return createWebhookTarget({ name: t.name, url: t.url, ...person, secret: secret(t.secret, t.secret_file, `targets.${t.name}.secret_file`)! });
  }
}

export function createPushTargets(config: EscalationConfig): Map<string, PushTarget> {
  return new Map(config.targets.map((t) => [t.name, createTarget(t)]));
}

/** The respond-scope token for the Acknowledge button, if configured. */
export const acknowledgeTokenOf = (config: EscalationConfig): string | undefined =>
  secret(config.acknowledge_token, config.acknowledge_token_file, 'acknowledge_token_file');
