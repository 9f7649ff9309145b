// Where the UI's upstream tokens live: the SecretVault; an older file's inline token the vault refused; or sealed in a keychain not open yet.
import type { TokenStorage } from '../../src-shared/bridge/index.js';
import type { Logger } from '../server/index.js';
import type { SecretVault } from './secret-vault.js';

/** The vault key of an upstream's token. */
export const upstreamTokenKey = (name: string): string => `upstream:${name}`;

export class UpstreamTokenKeeper {
  /** Upstreams whose token an older version saved inline and the vault could not take: saved inline until changed. */
  private readonly inline = new Set<string>();
  /** Upstreams whose sealed token the keychain could not open at start (they run without it until it opens). */
  private readonly waitingForKeychain = new Set<string>();
  /** Cancels the wait for tokens sealed in a keychain that was not open at start. */
  private stopWaiting: (() => void) | undefined;

  constructor(private readonly vault: SecretVault, private readonly logger: Logger) {}

  /** A saved upstream's token at load: an inline one moves to the vault (`moved`), or stays inline if the vault refuses it. */
  load(name: string, inline: string | undefined): { token: string | undefined; moved: boolean } {
    const moved = inline !== undefined && this.moveInline(name, inline);
    const token = this.vault.get(upstreamTokenKey(name)) ?? (this.inline.has(name) ? inline : undefined);
    return { token, moved };
  }

  /** Waits for the tokens of `names` sealed in a keychain that is locked now; `readable` gets each once it opens. */
  awaitLocked(names: readonly string[], readable: (name: string, token: string) => void): void {
    if (names.length === 0) return;
    this.logger.warn('upstream tokens wait for the OS keychain; those upstreams run without them until it opens', { upstreams: names });
    for (const name of names) this.waitingForKeychain.add(name);
    const byKey = new Map(names.map((name) => [upstreamTokenKey(name), name]));
    this.stopWaiting = this.vault.whenReadable?.([...byKey.keys()], (key, token) => {
      const name = byKey.get(key);
      if (name !== undefined) readable(name, token);
    });
  }

  /** A waited-for token arrived: that upstream no longer waits. */
  arrived(name: string): void {
    this.waitingForKeychain.delete(name);
  }

  /** Stops waiting for the keychain (the service is closing). */
  release(): void {
    this.stopWaiting?.();
  }

  /** Whether the vault holds this upstream's token sealed in a keychain that is not open. */
  isLocked(name: string): boolean {
    return this.vault.locked?.(upstreamTokenKey(name)) ?? false;
  }

  /** Whether this upstream's token is kept inline in the upstreams file (the vault refused it). */
  isInline(name: string): boolean {
    return this.inline.has(name);
  }

  /** Where a saved upstream's token is kept: the vault's record, the upstreams file (an older version's), or waiting (null: none, or unrecorded). */
  storage(name: string, hasToken: boolean): TokenStorage | null {
    if (!hasToken) return this.waitingForKeychain.has(name) ? 'keychain-locked' : null;
    if (this.inline.has(name)) return 'file';
    return this.vault.backendOf(upstreamTokenKey(name)) ?? null;
  }

  /** Stores the token in the vault, or removes it there when there is none. */
  keep(name: string, token: string | undefined): void {
    this.inline.delete(name);
    this.waitingForKeychain.delete(name);
    if (token === undefined) this.vault.delete(upstreamTokenKey(name));
    else this.vault.set(upstreamTokenKey(name), token);
  }

  /** A token an older version saved inline goes to the vault; if the vault refuses, it stays inline (never lost). */
  private moveInline(name: string, token: string): boolean {
    try {
      this.vault.set(upstreamTokenKey(name), token);
      return true;
    } catch (err) {
      this.inline.add(name);
      this.logger.warn('upstream token left in the upstreams file: the secret store refused it', { upstream: name, error: (err as Error).message });
      return false;
    }
  }
}
