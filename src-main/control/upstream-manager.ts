// Upstreams as the Connections view manages them: the UI's own (persisted, may be disabled) beside the configured ones.
// Their tokens live in the SecretVault, never in ui-upstreams.json and never in a response (only `hasToken` and where it is kept).
import { join } from 'node:path';
import { z } from 'zod';
import { BridgeError, type TokenStorage, type Upstream } from '../../src-shared/bridge/index.js';
import { FiltersInputSchema, type FiltersInput } from '../../src-shared/protocol/index.js';
import type { Logger } from '../server/index.js';
import { UpstreamConfigError, describeBackfill, parseUpstream, type UpstreamRelays, type UpstreamStatus } from '../relay/index.js';
import { displayUrl } from '../relay/upstream-config.js';
import { readJsonFile, writeJsonFile, type ProblemReporter } from './json-file.js';
import type { SecretVault } from './secret-vault.js';
import { normalizedFilters } from './subscription-registry.js';

export const UPSTREAMS_FILE = 'ui-upstreams.json';

/** `token` is only read: files written before the vault held tokens inline; they move to the vault on load. */
const StoredSchema = z.object({
  name: z.string(), url: z.string(), token: z.string().optional(), filters: FiltersInputSchema, enabled: z.boolean(),
});
/** An upstream in memory, its token (from the vault) included. */
type Stored = z.infer<typeof StoredSchema>;
const FileSchema = z.object({ version: z.literal(1), upstreams: z.array(StoredSchema) });

export interface UpstreamInput { name: string; url: string; token?: string | null; filters: FiltersInput; enabled: boolean }
export interface UpstreamChange { id: string; name?: string; url?: string; token?: string | null; filters?: FiltersInput; enabled?: boolean }

const STATE: Readonly<Record<UpstreamStatus['state'], Upstream['state']>> = {
  connecting: 'connecting', connected: 'connected', lagging: 'lagging', backing_off: 'backoff', failed_auth: 'failed', refused: 'failed',
  stopped: 'disabled',
};

/** The vault key of an upstream's token. */
export const upstreamTokenKey = (name: string): string => `upstream:${name}`;

function refusal(err: unknown): BridgeError {
  if (!(err instanceof UpstreamConfigError)) return err instanceof BridgeError ? err : new BridgeError('internal_error', String(err));
  if (/already exists|two upstreams/.test(err.message)) return new BridgeError('conflict', err.message);
  // `invalid upstream "x": filters.severities.0: ...` → `filters.severities.0: ...`, so the form marks the field.
  return new BridgeError('invalid_message', err.message.replace(/^invalid upstream(?: "[^"]*")?: /, ''));
}

export class UpstreamManager {
  private readonly file: string;
  /** The UI's upstreams by name (the name is the id). */
  private readonly own = new Map<string, Stored>();
  /** Upstreams whose token an older version saved inline and the vault could not take: saved inline until changed. */
  private readonly inline = new Set<string>();
  /** Names of the upstreams this manager added to the relay (never a configured one). */
  private readonly running = new Set<string>();
  /** Why an enabled upstream could not be started, by name. */
  private readonly startErrors = new Map<string, string>();
  /** Cancels the wait for tokens sealed in a keychain that was not open at start. */
  private stopWaiting: (() => void) | undefined;
  private lastPushed = '';
  /** Counts the snapshots taken of the list, so the UI can tell an older answer or push from a newer one. */
  private revision = 0;
  /** Upstreams whose sealed token the keychain could not open at start (they run without it until it opens). */
  private readonly waitingForKeychain = new Set<string>();

  constructor(
    private readonly relay: UpstreamRelays | undefined, dataDir: string, report: ProblemReporter, private readonly logger: Logger,
    private readonly vault: SecretVault,
  ) {
    this.file = join(dataDir, UPSTREAMS_FILE);
    let moved = 0;
    for (const saved of readJsonFile(this.file, FileSchema, report)?.upstreams ?? []) {
      const { token: inline, ...rest } = saved;
      if (inline !== undefined) moved += this.moveInlineToken(saved.name, inline) ? 1 : 0;
      const token = this.vault.get(upstreamTokenKey(saved.name)) ?? (this.inline.has(saved.name) ? inline : undefined);
      const u: Stored = { ...rest, ...(token !== undefined ? { token } : {}) };
      this.own.set(u.name, u);
      if (u.enabled) this.start(u);
    }
    if (moved > 0) {
      this.save();
      logger.info('upstream tokens moved out of the upstreams file into the secret store', { count: moved });
    }
    const locked = [...this.own.values()].filter((u) => u.token === undefined && this.vault.locked?.(upstreamTokenKey(u.name)));
    if (locked.length > 0) {
      logger.warn('upstream tokens wait for the OS keychain; those upstreams run without them until it opens', { upstreams: locked.map((u) => u.name) });
      for (const u of locked) this.waitingForKeychain.add(u.name);
      const byKey = new Map(locked.map((u) => [upstreamTokenKey(u.name), u.name]));
      this.stopWaiting = this.vault.whenReadable?.([...byKey.keys()], (key, token) => {
        const name = byKey.get(key);
        if (name !== undefined) void this.tokenReadable(name, token);
      });
    }
  }

  /** A token that was locked at start is readable now: the upstream restarts with it (the vault is not written). */
  private async tokenReadable(name: string, token: string): Promise<void> {
    this.waitingForKeychain.delete(name);
    const cur = this.own.get(name);
    if (!cur || cur.token !== undefined) return; // renamed, removed or given a new token meanwhile: that one stands
    const next: Stored = { ...cur, token };
    this.own.set(name, next);
    this.logger.info('the OS keychain opened: upstream restarted with its sealed token', { upstream: name });
    if (!next.enabled) return;
    await this.stop(name);
    if (this.own.get(name) === next) this.start(next);
  }

  /** A token an older version saved inline goes to the vault; if the vault refuses, it stays inline (never lost). */
  private moveInlineToken(name: string, token: string): boolean {
    try {
      this.vault.set(upstreamTokenKey(name), token);
      return true;
    } catch (err) {
      this.inline.add(name);
      this.logger.warn('upstream token left in the upstreams file: the secret store refused it', { upstream: name, error: (err as Error).message });
      return false;
    }
  }

  /** A snapshot of every upstream, each stamped with the snapshot's revision. */
  snapshot(): { upstreams: Upstream[]; revision: number } {
    const revision = ++this.revision;
    const statuses = new Map((this.relay?.list() ?? []).map((s) => [s.name, s]));
    const upstreams: Upstream[] = [];
    for (const s of statuses.values()) if (!this.own.has(s.name)) upstreams.push({ ...this.view(s, undefined), revision });
    for (const u of this.own.values()) upstreams.push({ ...this.view(statuses.get(u.name), u), revision });
    return { upstreams, revision };
  }

  list(): Upstream[] {
    return this.snapshot().upstreams;
  }

  /** A snapshot when the list differs (revisions aside) from the one this last returned, else undefined. */
  snapshotIfChanged(): { upstreams: Upstream[]; revision: number } | undefined {
    const snap = this.snapshot();
    const text = JSON.stringify(snap.upstreams.map(({ revision: _revision, ...rest }) => rest));
    if (text === this.lastPushed) return undefined;
    this.lastPushed = text;
    return snap;
  }

  add(input: UpstreamInput): Upstream {
    if (this.own.has(input.name) || this.relay?.status(input.name)) throw new BridgeError('conflict', `an upstream named "${input.name}" already exists`);
    const stored = this.toStored(input, undefined);
    this.keepToken(stored.name, stored.token);
    try {
      if (stored.enabled) this.start(stored, true);
    } catch (err) {
      this.keepToken(stored.name, undefined);
      throw err;
    }
    this.own.set(stored.name, stored);
    this.save();
    return this.get(stored.name);
  }

  async update(change: UpstreamChange): Promise<Upstream> {
    const cur = this.owned(change.id);
    const next = this.toStored({ ...cur, ...change }, cur.token);
    if (next.name !== cur.name && (this.own.has(next.name) || this.relay?.status(next.name))) {
      throw new BridgeError('conflict', `an upstream named "${next.name}" already exists`);
    }
    // A token still locked in the keychain cannot be moved to the new name, and must not be dropped with the old one.
    if (next.name !== cur.name && change.token === undefined && cur.token === undefined && this.vault.locked?.(upstreamTokenKey(cur.name))) {
      throw new BridgeError('conflict', `the token of "${cur.name}" waits for the OS keychain; rename it once the keychain is open`);
    }
    if (change.token !== undefined || next.name !== cur.name) {
      this.keepToken(next.name, next.token);
      if (next.name !== cur.name) this.keepToken(cur.name, undefined);
    }
    await this.stop(cur.name);
    this.own.delete(cur.name);
    this.own.set(next.name, next);
    this.save();
    if (next.enabled) this.start(next);
    return this.get(next.name);
  }

  async remove(id: string): Promise<void> {
    this.owned(id);
    await this.stop(id);
    this.own.delete(id);
    this.keepToken(id, undefined);
    this.save();
  }

  /** Takes the upstreams this manager started out of the relay (its service is closing); saved ones stay saved. */
  async release(): Promise<void> {
    this.stopWaiting?.();
    for (const name of [...this.running]) await this.stop(name);
  }

  private get(name: string): Upstream {
    return this.list().find((u) => u.id === name)!;
  }

  private owned(id: string): Stored {
    const u = this.own.get(id);
    if (u) return u;
    if (this.relay?.status(id)) throw new BridgeError('conflict', `upstream "${id}" comes from the configuration; change it there`);
    throw new BridgeError('not_found', `no upstream ${JSON.stringify(id)}`);
  }

  /** Validates with the relay's own rules (name characters, URL, filters); an absent token keeps `keptToken`. */
  private toStored(input: UpstreamInput, keptToken: string | undefined): Stored {
    const token = input.token === undefined ? keptToken : input.token ?? undefined;
    const stored: Stored = { name: input.name, url: input.url, filters: input.filters, enabled: input.enabled, ...(token ? { token } : {}) };
    try {
      parseUpstream({ name: stored.name, url: stored.url, token: stored.token, filters: stored.filters });
    } catch (err) {
      throw refusal(err);
    }
    return stored;
  }

  private start(u: Stored, strict = false): void {
    this.startErrors.delete(u.name);
    if (!this.relay) {
      if (strict) throw new BridgeError('unavailable', 'this process relays no upstreams');
      return;
    }
    try {
      this.relay.addUpstream({ name: u.name, url: u.url, token: u.token, filters: u.filters });
      this.running.add(u.name);
    } catch (err) {
      if (strict) throw refusal(err);
      this.startErrors.set(u.name, (err as Error).message);
      this.logger.warn('saved upstream not started', { upstream: u.name, error: (err as Error).message });
    }
  }

  private async stop(name: string): Promise<void> {
    this.startErrors.delete(name);
    if (this.running.has(name) && this.relay?.status(name)) await this.relay.removeUpstream(name);
    this.running.delete(name);
  }

  private view(s: UpstreamStatus | undefined, u: Stored | undefined): Upstream {
    const startError = u ? this.startErrors.get(u.name) : undefined;
    const state: Upstream['state'] = s ? STATE[s.state] : u?.enabled ? 'failed' : 'disabled';
    const tokenStorage = u ? this.tokenStorage(u) : s?.hasToken ? 'config' : null;
    return {
      id: s?.name ?? u!.name, name: s?.name ?? u!.name, url: s?.url ?? displayUrl(u!.url),
      enabled: u ? u.enabled : true, hasToken: u ? u.token !== undefined || tokenStorage === 'keychain-locked' : Boolean(s?.hasToken), tokenStorage,
      filters: normalizedFilters(s?.filters ?? u?.filters), state,
      lastError: s?.lastError ?? startError ?? null, nextRetryAt: s?.nextRetryAt ?? null,
      replaySupported: s?.replaySupported ?? null, connectedSince: s?.state === 'connected' || s?.state === 'lagging' ? s.since : null,
      lastMessageId: s?.resumeAfter ?? null, eventsReceived: s?.eventsRelayed ?? 0, lagSeconds: s?.lagSeconds ?? 0,
      backfill: describeBackfill(s?.backfill ?? null), reconciled: s?.reconciled ?? 0, gapMarks: s?.gapMarks ?? 0,
    };
  }

  /** Where a saved upstream's token is kept: the vault's record, the upstreams file (an older version's), or waiting (null: none, or unrecorded). */
  private tokenStorage(u: Stored): TokenStorage | null {
    const key = upstreamTokenKey(u.name);
    if (u.token === undefined) return this.waitingForKeychain.has(u.name) ? 'keychain-locked' : null;
    if (this.inline.has(u.name)) return 'file';
    return this.vault.backendOf(key) ?? null;
  }

  /** Stores the token in the vault, or removes it there when there is none. */
  private keepToken(name: string, token: string | undefined): void {
    this.inline.delete(name);
    this.waitingForKeychain.delete(name);
    if (token === undefined) this.vault.delete(upstreamTokenKey(name));
    else this.vault.set(upstreamTokenKey(name), token);
  }

  /** Writes the upstreams without their tokens. */
  private save(): void {
    const upstreams = [...this.own.values()].map(({ token, ...rest }) => (token !== undefined && this.inline.has(rest.name) ? { ...rest, token } : rest));
    writeJsonFile(this.file, { version: 1, upstreams });
  }
}
