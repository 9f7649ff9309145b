// The console page's per-session secret (PROTOCOL 1.1 §7): kept in sessionStorage, sent on every call and stream upgrade.
import {
  CONSOLE_STREAM_PROTOCOL, SESSION_SECRET_HEADER, SESSION_SECRET_PROTOCOL_PREFIX, SESSION_SECRET_STORAGE_KEY,
} from '../../src-shared/bridge/index.js';

/** Where the page keeps its session secret: `sessionStorage` in a browser (only this origin, only this tab). */
export interface SecretStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface SessionSecret {
  /** The header for `/control` calls (empty before login: the server then answers 401). */
  headers(): Record<string, string>;
  /** The stream's subprotocols: `ir-console`, plus the secret (browsers cannot set headers on an upgrade). */
  protocols(): string[];
  save(secret: string): void;
  forget(): void;
}

/** A store for pages without `sessionStorage` (tests, non-browser hosts): kept in memory for this bridge only. */
export function memorySecretStore(): SecretStore {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

export function sessionSecret(store: SecretStore): SessionSecret {
  const current = (): string | null => store.getItem(SESSION_SECRET_STORAGE_KEY);
  return {
    headers(): Record<string, string> {
      const secret = current();
      return secret ? { [SESSION_SECRET_HEADER]: secret } : {};
    },
    protocols() {
      const secret = current();
      return secret ? [CONSOLE_STREAM_PROTOCOL, `${SESSION_SECRET_PROTOCOL_PREFIX}${secret}`] : [CONSOLE_STREAM_PROTOCOL];
    },
    save: (secret) => store.setItem(SESSION_SECRET_STORAGE_KEY, secret),
    forget: () => store.removeItem(SESSION_SECRET_STORAGE_KEY),
  };
}
