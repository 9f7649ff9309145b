// Where the control service keeps secrets (upstream tokens) apart from its JSON state: a port, and the headless file.
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile, type ProblemReporter } from './json-file.js';

/**
 * The narrow port for secrets. The desktop app fills it with Electron's safeStorage (OS keychain); the headless
 * server with `fileSecretVault`. Names are short keys such as `upstream:<name>`; values never reach a UI response.
 */
/** Which store holds a secret: the OS keychain (sealed), or a file readable by this user only. */
export type SecretBackend = 'keychain' | 'file';

export interface SecretVault {
  /** The secret, or undefined when none is stored or it can no longer be read (the user enters it again). */
  get(name: string): string | undefined;
  /** Stores or replaces a secret; throws when it cannot be kept. */
  set(name: string, secret: string): void;
  delete(name: string): void;
  /** The store holding `name` (undefined when none holds it), as that store records it. */
  backendOf(name: string): SecretBackend | undefined;
  /** The names stored (for moving secrets to another vault). */
  names?(): string[];
  /** Whether a secret is stored but cannot be read now (keychain not open yet): waiting, never replaced or dropped. */
  locked?(name: string): boolean;
  /** Retries the locked `names` until each is readable, handing it to `readable`; returns a cancel. */
  whenReadable?(names: string[], readable: (name: string, secret: string) => void): () => void;
}

export const SECRETS_FILE = 'ui-secrets.json';

const FileSchema = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.string()) });

/**
 * Headless: secrets in `<dataDir>/ui-secrets.json`, written atomically with mode 0600 in a 0700 directory (on
 * Windows the file inherits the folder's ACL). Protection is the file's permissions, like the publish-token file:
 * anyone who can read files as this user can read the tokens, so keep the data dir on a disk only they can read.
 */
export function fileSecretVault(dataDir: string, report: ProblemReporter): SecretVault {
  const file = join(dataDir, SECRETS_FILE);
  const secrets = new Map(Object.entries(readJsonFile(file, FileSchema, report)?.secrets ?? {}));
  const save = (): void => writeJsonFile(file, { version: 1, secrets: Object.fromEntries(secrets) });
  return {
    get: (name) => secrets.get(name),
    set(name, secret) {
      if (secrets.get(name) === secret) return;
      secrets.set(name, secret);
      save();
    },
    delete(name) {
      if (secrets.delete(name)) save();
    },
    names: () => [...secrets.keys()],
    backendOf: (name) => (secrets.has(name) ? 'file' : undefined),
  };
}
