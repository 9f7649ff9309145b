// Tokens sealed with the OS keychain (Electron safeStorage); only ciphertext reaches the settings file.
import type { SettingsStore } from './settings-store.js';

/** The part of Electron's `safeStorage` used here. */
export interface SafeStoragePort {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * `os`: sealed by the keychain (macOS Keychain, Windows DPAPI, libsecret/kwallet on Linux).
 * `weak`: Linux without a keyring, where Chromium falls back to a hard-coded key (`basic_text`).
 * `unavailable`: nothing to seal with; secrets are kept in memory for this run only.
 */
export type SecretProtection = 'os' | 'weak' | 'unavailable';

/** A stored secret as of now: readable, sealed but not openable now (keychain locked, not started or reset), or none. */
export type SecretState = { state: 'readable'; secret: string } | { state: 'locked'; reason: string } | { state: 'absent' };

export class SecretStore {
  /** Secrets that could not be sealed: never written anywhere. */
  private readonly memoryOnly = new Map<string, string>();

  constructor(
    private readonly cipher: SafeStoragePort,
    private readonly settings: SettingsStore,
    private readonly linuxBackend?: () => string,
  ) {}

  protection(): SecretProtection {
    if (!this.cipher.isEncryptionAvailable()) return 'unavailable';
    return this.linuxBackend?.() === 'basic_text' ? 'weak' : 'os';
  }

  /** Stores a secret; returns whether it was persisted (sealed) or is kept in memory only. */
  set(name: string, secret: string): { persisted: boolean } {
    if (this.protection() === 'unavailable') {
      this.dropSealed(name);
      this.memoryOnly.set(name, secret);
      return { persisted: false };
    }
    const sealed = this.cipher.encryptString(secret).toString('base64');
    this.memoryOnly.delete(name);
    this.settings.update((s) => ({ ...s, sealedSecrets: { ...s.sealedSecrets, [name]: sealed } }));
    return { persisted: true };
  }

  /** The secret, or undefined when unknown or no longer readable (keychain reset): the user enters it again. */
  get(name: string): string | undefined {
    const inMemory = this.memoryOnly.get(name);
    if (inMemory !== undefined) return inMemory;
    const sealed = this.settings.get().sealedSecrets[name];
    if (sealed === undefined || !this.cipher.isEncryptionAvailable()) return undefined;
    try {
      return this.cipher.decryptString(Buffer.from(sealed, 'base64'));
    } catch (err) {
      this.onUnreadable?.(name, err);
      return undefined;
    }
  }

  /** The names the keychain holds (sealed copies, readable now or not). */
  sealedNames(): string[] {
    return Object.keys(this.settings.get().sealedSecrets);
  }

  /**
   * The secret with why it cannot be read: a sealed secret needs the real keychain (`os`); with none yet (Linux
   * keyring not started, `basic_text`) or when it cannot be decrypted, it is `locked`, never replaced here.
   */
  open(name: string): SecretState {
    const inMemory = this.memoryOnly.get(name);
    if (inMemory !== undefined) return { state: 'readable', secret: inMemory };
    const sealed = this.settings.get().sealedSecrets[name];
    if (sealed === undefined) return { state: 'absent' };
    if (this.protection() !== 'os') return { state: 'locked', reason: 'the OS keychain is not available yet' };
    try {
      return { state: 'readable', secret: this.cipher.decryptString(Buffer.from(sealed, 'base64')) };
    } catch (err) {
      this.onUnreadable?.(name, err);
      return { state: 'locked', reason: 'the OS keychain cannot open it (locked, or reset since it was sealed)' };
    }
  }

  delete(name: string): void {
    this.memoryOnly.delete(name);
    this.dropSealed(name);
  }

  private dropSealed(name: string): void {
    if (!Object.prototype.hasOwnProperty.call(this.settings.get().sealedSecrets, name)) return;
    this.settings.update((s) => ({ ...s, sealedSecrets: withoutKey(s.sealedSecrets, name) }));
  }

  /** Called when a sealed secret cannot be opened (for the log; the name only, never the ciphertext). */
  onUnreadable?: (name: string, err: unknown) => void;
}

function withoutKey(record: Record<string, string>, key: string): Record<string, string> {
  const { [key]: _dropped, ...rest } = record;
  return rest;
}
