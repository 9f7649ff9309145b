// The control service's SecretVault in the desktop app: sealed by the OS keychain, the 0600 file only without one.
import { BridgeError } from '../../../src-shared/bridge/index.js';
import { fileSecretVault, type SecretVault } from '../../control/index.js';
import type { Logger } from '../../server/index.js';
import type { SecretStore } from '../settings/secret-store.js';
import { intervalTimer, KEYCHAIN_RETRY_MS } from './keychain-token-port.js';
import { PUBLISH_TOKEN_SECRET } from './sealed-publish-token.js';

/** How a locked keychain is retried (as for the publish token): every `retryMs`, default 5 s. */
export interface KeychainRetry {
  every?: (ms: number, retry: () => void) => () => void;
  retryMs?: number;
}

/** Secrets sealed by the OS keychain; only ciphertext reaches the settings file. Nothing is sealed with a weaker key. */
export function sealedSecretVault(secrets: SecretStore, retry: KeychainRetry = {}): SecretVault {
  return {
    get(name) {
      const stored = secrets.open(name);
      return stored.state === 'readable' ? stored.secret : undefined;
    },
    set(name, secret) {
      if (secrets.protection() !== 'os') throw new BridgeError('unavailable', 'the OS keychain is not open yet; the token was not saved (try again once it is)');
      if (!secrets.set(name, secret).persisted) {
        secrets.delete(name);
        throw new BridgeError('unavailable', 'the OS keychain cannot seal secrets right now; the token was not saved');
      }
    },
    delete: (name) => secrets.delete(name),
    backendOf: (name) => (secrets.sealedNames().includes(name) ? 'keychain' : undefined),
    locked: (name) => secrets.open(name).state === 'locked',
    whenReadable(names, readable) {
      const waiting = new Set(names.filter((n) => secrets.open(n).state === 'locked'));
      if (waiting.size === 0) return () => undefined;
      const timer: { cancel?: () => void; done?: boolean } = {};
      const stop = (): void => {
        timer.done = true;
        timer.cancel?.();
      };
      const tryOpen = (): void => {
        for (const name of [...waiting]) {
          const stored = secrets.open(name);
          if (stored.state === 'locked') continue;
          waiting.delete(name);
          if (stored.state === 'readable') readable(name, stored.secret);
        }
        if (waiting.size === 0) stop();
      };
      timer.cancel = (retry.every ?? intervalTimer)(retry.retryMs ?? KEYCHAIN_RETRY_MS, tryOpen);
      if (timer.done) timer.cancel();
      return stop;
    },
  };
}

/** Moves every secret of the file vault into the keychain (sealed first, then removed from the file); returns the names. */
export function moveFileSecretsToKeychain(file: SecretVault, secrets: SecretStore): string[] {
  const moved: string[] = [];
  for (const name of file.names?.() ?? []) {
    const secret = file.get(name);
    if (secret === undefined || !secrets.set(name, secret).persisted) continue;
    file.delete(name);
    moved.push(name);
  }
  return moved;
}

/** Whether the keychain holds secrets other than the publish token (sealed on an earlier start). */
const holdsSealedSecrets = (secrets: SecretStore): boolean => secrets.sealedNames().some((n) => n !== PUBLISH_TOKEN_SECRET);

/**
 * The vault the desktop hands the control service. With the OS keychain: sealed, after moving in what an earlier
 * start without one had to keep in the file. Without one (no safeStorage, Linux `basic_text`): the headless 0600
 * file, unless secrets were already sealed: then the sealed vault stays (those tokens are read once the keychain
 * opens; new ones are refused with a clear error) rather than switching stores.
 */
export function desktopSecretVault(secrets: SecretStore, dataDir: string, logger: Logger, retry: KeychainRetry = {}): SecretVault {
  const report = (message: string, fields?: Record<string, unknown>): void => logger.warn(message, fields);
  if (secrets.protection() === 'os') {
    const moved = moveFileSecretsToKeychain(fileSecretVault(dataDir, report), secrets);
    if (moved.length > 0) logger.info('upstream tokens moved from their file into the OS keychain', { count: moved.length });
    return sealedSecretVault(secrets, retry);
  }
  if (holdsSealedSecrets(secrets)) {
    logger.warn('the OS keychain is not open yet: sealed upstream tokens wait for it (tried again every 5 s)', { protection: secrets.protection() });
    return sealedSecretVault(secrets, retry);
  }
  logger.warn('no OS keychain: upstream tokens are kept in a file readable by this user only', { protection: secrets.protection() });
  return fileSecretVault(dataDir, report);
}
