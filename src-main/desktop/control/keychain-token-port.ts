// Reveal, rotation and storage state of the sealed publish token; while the keychain is locked, waits and retries.
import { BridgeError, type TokenStorage } from '../../../src-shared/bridge/index.js';
import type { PublishTokenPort } from '../../control/index.js';
import type { SecretStore } from '../settings/secret-store.js';
import { newPublishToken, PUBLISH_TOKEN_SECRET, type PublishTokenSource } from './sealed-publish-token.js';

/** How often a locked keychain is tried again (it has no "available" event). */
export const KEYCHAIN_RETRY_MS = 5_000;

export const LOCKED_TOKEN_MESSAGE = 'The publish token is sealed in the OS keychain, which is not open yet (locked, or its '
  + 'service not started). Incident Relay keeps the same token and waits for the keychain; publishers are refused until then.';

export interface KeychainTokenPortOptions {
  secrets: SecretStore;
  server: { setPublishToken(token: string): void };
  source: Extract<PublishTokenSource, { kind: 'keychain' | 'locked' }>;
  generate?: () => string;
  /** Runs `retry` every `ms` until cancelled; default setInterval (unref'd). */
  every?: (ms: number, retry: () => void) => () => void;
  retryMs?: number;
  onUnlocked?(): void;
}

export interface KeychainTokenPort extends PublishTokenPort {
  storage(): TokenStorage;
  close(): void;
}

/** Runs `retry` every `ms` (unref'd) until the returned cancel. */
export const intervalTimer = (ms: number, retry: () => void): (() => void) => {
  const timer = setInterval(retry, ms);
  timer.unref();
  return () => clearInterval(timer);
};

export function keychainTokenPort(options: KeychainTokenPortOptions): KeychainTokenPort {
  let token = options.source.kind === 'keychain' ? options.source.token : undefined;
  let cancel: (() => void) | undefined;
  const stopWaiting = (): void => {
    cancel?.();
    cancel = undefined;
  };
  const use = (next: string): void => {
    token = next;
    options.server.setPublishToken(next);
    stopWaiting();
  };
  const tryOpen = (): void => {
    const stored = options.secrets.open(PUBLISH_TOKEN_SECRET);
    if (stored.state !== 'readable') return;
    use(stored.secret);
    options.onUnlocked?.();
  };
  if (token === undefined) cancel = (options.every ?? intervalTimer)(options.retryMs ?? KEYCHAIN_RETRY_MS, tryOpen);
  return {
    reveal() {
      if (token === undefined) tryOpen();
      if (token === undefined) throw new BridgeError('unavailable', LOCKED_TOKEN_MESSAGE);
      return token;
    },
    /** A deliberate new token (also the way out of a keychain that was reset); needs a keychain to seal it. */
    rotate() {
      if (options.secrets.protection() !== 'os') throw new BridgeError('unavailable', 'the OS keychain is not available, so a new token cannot be sealed; try again once it is');
      const next = (options.generate ?? newPublishToken)();
      options.secrets.set(PUBLISH_TOKEN_SECRET, next);
      use(next);
      return next;
    },
    /** Tries the keychain again first, so that the Connections view's status is current. */
    storage() {
      if (token === undefined) tryOpen();
      return token === undefined ? 'keychain-locked' : 'keychain';
    },
    close: stopWaiting,
  };
}
