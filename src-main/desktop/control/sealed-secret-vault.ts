// The control service's SecretVault in the desktop app: secrets sealed with safeStorage, or the 0600 file without a keychain.
import { BridgeError } from '../../../src-shared/bridge/index.js';
import { fileSecretVault, type SecretVault } from '../../control/index.js';
import type { Logger } from '../../server/index.js';
import type { SecretStore } from '../settings/secret-store.js';

/** Secrets sealed by the OS keychain; only ciphertext reaches the settings file. */
export function sealedSecretVault(secrets: SecretStore): SecretVault {
  return {
    get: (name) => secrets.get(name),
    set(name, secret) {
      if (!secrets.set(name, secret).persisted) {
        secrets.delete(name);
        throw new BridgeError('unavailable', 'the OS keychain cannot seal secrets right now; the token was not saved');
      }
    },
    delete: (name) => secrets.delete(name),
  };
}

/**
 * The vault the desktop hands the control service: sealed when the OS offers a real keychain, else (no safeStorage,
 * or Linux's `basic_text` fallback with its hard-coded key) the headless 0600 file in the data dir, as for the
 * publish token, so that tokens survive a restart either way.
 */
export function desktopSecretVault(secrets: SecretStore, dataDir: string, logger: Logger): SecretVault {
  if (secrets.protection() === 'os') return sealedSecretVault(secrets);
  logger.warn('no OS keychain: upstream tokens are kept in a file readable by this user only', { protection: secrets.protection() });
  return fileSecretVault(dataDir, (message, fields) => logger.warn(message, fields));
}
