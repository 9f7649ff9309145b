// The publish token: generated on first start (256 random bits), kept in a file only its user can read.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PUBLISH_TOKEN_FILE = 'publish-token';

/** Reads `<dataDir>/publish-token`, creating it (mode 0600) when absent. */
export function loadOrCreatePublishToken(dataDir: string): { token: string; path: string; created: boolean } {
  const path = join(dataDir, PUBLISH_TOKEN_FILE);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    const token = readFileSync(path, 'utf8').trim();
    if (token.length >= 16) {
      if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
      return { token, path, created: false };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read publish token file ${path}: ${(err as Error).message}`);
  }
  const token = randomBytes(32).toString('base64url');
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  if (process.platform !== 'win32') chmodSync(path, 0o600);
  return { token, path, created: true };
}

/** Replaces the token file with a fresh token (rotation). */
export function rotatePublishToken(dataDir: string): { token: string; path: string } {
  const path = join(dataDir, PUBLISH_TOKEN_FILE);
  const token = randomBytes(32).toString('base64url');
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  if (process.platform !== 'win32') chmodSync(path, 0o600);
  return { token, path };
}
