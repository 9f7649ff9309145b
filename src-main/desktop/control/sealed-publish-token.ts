// The desktop's publish token: sealed by the OS keychain (a token file moves in once one exists), never switched silently.
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLISH_TOKEN_FILE } from '../../server/index.js';
import type { SecretStore } from '../settings/secret-store.js';

export const PUBLISH_TOKEN_SECRET = 'publish-token';

export const newPublishToken = (): string => randomBytes(32).toString('base64url');

/**
 * Where this start's publish token comes from:
 * `keychain`: the sealed token (created, or moved in from the token file, on the first start with a keychain);
 * `locked`: a sealed token exists but cannot be opened now (keyring not started yet, locked, reset): wait for it;
 * `file`: no keychain and nothing sealed: the 0600 token file, as in headless mode.
 */
export type PublishTokenSource =
  | { kind: 'keychain'; token: string; movedFromFile: boolean }
  | { kind: 'locked'; reason: string }
  | { kind: 'file' };

/** The token in `<dataDir>/publish-token`, if one is there. */
function tokenFile(dataDir: string): string | undefined {
  try {
    const token = readFileSync(join(dataDir, PUBLISH_TOKEN_FILE), 'utf8').trim();
    return token.length >= 16 ? token : undefined;
  } catch {
    return undefined;
  }
}

/** Decides the source; seals a new token, or the file's (same value, then the file is removed), when the keychain is there. */
export function openPublishToken(secrets: SecretStore, dataDir: string, generate: () => string = newPublishToken): PublishTokenSource {
  const stored = secrets.open(PUBLISH_TOKEN_SECRET);
  if (stored.state === 'readable') return { kind: 'keychain', token: stored.secret, movedFromFile: false };
  if (stored.state === 'locked') return { kind: 'locked', reason: stored.reason };
  if (secrets.protection() !== 'os') return { kind: 'file' };
  const fromFile = tokenFile(dataDir);
  const token = fromFile ?? generate();
  if (!secrets.set(PUBLISH_TOKEN_SECRET, token).persisted) return { kind: 'file' };
  // Sealed (the settings file is written) before the plain copy goes: the token is never only in memory.
  if (fromFile !== undefined) rmSync(join(dataDir, PUBLISH_TOKEN_FILE), { force: true });
  return { kind: 'keychain', token, movedFromFile: fromFile !== undefined };
}

/**
 * The token the core starts with: the sealed one, or while locked a random one nobody knows (publishers are
 * refused until the keychain opens, rather than silently handed a different token); undefined for the token file.
 */
export function startPublishToken(source: PublishTokenSource, generate: () => string = newPublishToken): string | undefined {
  if (source.kind === 'keychain') return source.token;
  return source.kind === 'locked' ? generate() : undefined;
}
