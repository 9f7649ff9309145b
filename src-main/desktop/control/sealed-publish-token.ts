// The desktop's publish token, sealed with safeStorage instead of a plain token file, and its rotation.
import { randomBytes } from 'node:crypto';
import type { SecretStore } from '../settings/secret-store.js';

export const PUBLISH_TOKEN_SECRET = 'publish-token';

const newToken = (): string => randomBytes(32).toString('base64url');

/**
 * The sealed publish token, created on first use; undefined when the OS offers no real keychain (no safeStorage,
 * or Linux's `basic_text` fallback), in which case the core keeps its 0600 token file as in headless mode.
 */
export function sealedPublishToken(secrets: SecretStore, generate: () => string = newToken): string | undefined {
  if (secrets.protection() !== 'os') return undefined;
  const existing = secrets.get(PUBLISH_TOKEN_SECRET);
  if (existing !== undefined) return existing;
  const token = generate();
  return secrets.set(PUBLISH_TOKEN_SECRET, token).persisted ? token : undefined;
}

/** Reveal and rotate over the sealed token; rotation takes effect on the running server at once. */
export function sealedTokenPort(options: {
  secrets: SecretStore;
  server: { setPublishToken(token: string): void };
  initial: string;
  generate?: () => string;
}): { reveal(): string; rotate(): string } {
  let token = options.initial;
  return {
    reveal: () => token,
    rotate() {
      const next = (options.generate ?? newToken)();
      options.secrets.set(PUBLISH_TOKEN_SECRET, next);
      options.server.setPublishToken(next);
      token = next;
      return token;
    },
  };
}
