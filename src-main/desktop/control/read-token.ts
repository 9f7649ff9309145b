// The desktop's read-only token for local tools (`subscribe` scope): sealed by the keychain, else a 0600 file.
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretStore } from '../settings/secret-store.js';
import { newPublishToken } from './sealed-publish-token.js';

export const READ_TOKEN_SECRET = 'read-token';
/** `<dataDir>/read-token` when there is no keychain. */
export const READ_TOKEN_FILE = 'read-token';

export interface ReadToken {
  token: string;
  storage: 'keychain' | 'file';
}

function readFile(path: string): string | undefined {
  try {
    const token = readFileSync(path, 'utf8').trim();
    return token.length >= 16 ? token : undefined;
  } catch {
    return undefined;
  }
}

function writeFile(dataDir: string, path: string, token: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  if (process.platform !== 'win32') chmodSync(path, 0o600);
}

/**
 * The read token, created on first use. Kept like the publish token: sealed when the OS keychain is there (a file
 * token moves in, unchanged), else in the file. Undefined while a sealed one cannot be opened (keychain not open
 * yet): reads then need another token until the next start, rather than a second read token being made.
 */
export function openReadToken(secrets: SecretStore, dataDir: string, generate: () => string = newPublishToken): ReadToken | undefined {
  const stored = secrets.open(READ_TOKEN_SECRET);
  if (stored.state === 'readable') return { token: stored.secret, storage: 'keychain' };
  if (stored.state === 'locked') return undefined;
  const path = join(dataDir, READ_TOKEN_FILE);
  const fromFile = readFile(path);
  if (secrets.protection() === 'os') {
    const token = fromFile ?? generate();
    if (secrets.set(READ_TOKEN_SECRET, token).persisted) {
      if (fromFile !== undefined) rmSync(path, { force: true });
      return { token, storage: 'keychain' };
    }
  }
  if (fromFile !== undefined) return { token: fromFile, storage: 'file' };
  const token = generate();
  writeFile(dataDir, path, token);
  return { token, storage: 'file' };
}
