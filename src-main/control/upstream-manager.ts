// Upstreams as the Connections view manages them: the UI's own (persisted, may be disabled) beside the configured ones.
// Their tokens live in the SecretVault, never in ui-upstreams.json and never in a response (only `hasToken` and where it is kept).
import { join } from 'node:path';
import { BridgeError, type Upstream } from '../../src-shared/bridge/index.js';
import type { FiltersInput } from '../../src-shared/protocol/index.js';
import type { Logger } from '../server/index.js';
import { parseUpstream, type UpstreamRelays, type UpstreamStatus } from '../relay/index.js';
import type { ProblemReporter } from './json-file.js';
import type { SecretVault } from './secret-vault.js';
import { readUpstreamsFile, UPSTREAMS_FILE, writeUpstreamsFile, type StoredUpstream as Stored } from './upstream-file.js';
import { UpstreamRunner, upstreamRefusal } from './upstream-runner.js';
import { UpstreamTokenKeeper } from './upstream-token-keeper.js';
import { upstreamView } from './upstream-view.js';

export { upstreamTokenKey } from './upstream-token-keeper.js';

export { UPSTREAMS_FILE } from './upstream-file.js';

export interface UpstreamInput { name: string; url: string; token?: string | null; filters: FiltersInput; enabled: boolean }
export interface UpstreamChange { id: string; name?: string; url?: string; token?: string | null; filters?: FiltersInput; enabled?: boolean }

export class UpstreamManager {
  private readonly file: string;
  /** The UI's upstreams by name (the name is the id). */
  private readonly own = new Map<string, Stored>();
  /** Starts and stops the UI's upstreams in the relay. */
  private readonly runner: UpstreamRunner;
  private lastPushed = '';
  /** Counts the snapshots taken of the list, so the UI can tell an older answer or push from a newer one. */
  private revision = 0;
  private readonly tokens: UpstreamTokenKeeper;

  constructor(
    private readonly relay: UpstreamRelays | undefined, dataDir: string, report: ProblemReporter, private readonly logger: Logger,
    vault: SecretVault,
  ) {
    this.file = join(dataDir, UPSTREAMS_FILE);
    this.tokens = new UpstreamTokenKeeper(vault, logger);
    this.runner = new UpstreamRunner(relay, logger);
    let moved = 0;
    for (const saved of readUpstreamsFile(this.file, report)) {
      const { token: inline, ...rest } = saved;
      const { token, moved: movedNow } = this.tokens.load(saved.name, inline);
      if (movedNow) moved += 1;
      const u: Stored = { ...rest, ...(token !== undefined ? { token } : {}) };
      this.own.set(u.name, u);
      if (u.enabled) this.runner.start(u);
    }
    if (moved > 0) {
      this.save();
      logger.info('upstream tokens moved out of the upstreams file into the secret store', { count: moved });
    }
    const locked = [...this.own.values()].filter((u) => u.token === undefined && this.tokens.isLocked(u.name)).map((u) => u.name);
    this.tokens.awaitLocked(locked, (name, token) => void this.tokenReadable(name, token));
  }

  /** A token that was locked at start is readable now: the upstream restarts with it (the vault is not written). */
  private async tokenReadable(name: string, token: string): Promise<void> {
    this.tokens.arrived(name);
    const cur = this.own.get(name);
    if (!cur || cur.token !== undefined) return; // renamed, removed or given a new token meanwhile: that one stands
    const next: Stored = { ...cur, token };
    this.own.set(name, next);
    this.logger.info('the OS keychain opened: upstream restarted with its sealed token', { upstream: name });
    if (!next.enabled) return;
    await this.runner.stop(name);
    if (this.own.get(name) === next) this.runner.start(next);
  }

  /** A snapshot of every upstream, each stamped with the snapshot's revision. */
  snapshot(): { upstreams: Upstream[]; revision: number } {
    const revision = ++this.revision;
    const statuses = new Map((this.relay?.list() ?? []).map((s) => [s.name, s]));
    const upstreams: Upstream[] = [];
    for (const s of statuses.values()) if (!this.own.has(s.name)) upstreams.push({ ...upstreamView(s, undefined, undefined, s.hasToken ? 'config' : null), revision });
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
    this.tokens.keep(stored.name, stored.token);
    try {
      if (stored.enabled) this.runner.start(stored, true);
    } catch (err) {
      this.tokens.keep(stored.name, undefined);
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
    if (next.name !== cur.name && change.token === undefined && cur.token === undefined && this.tokens.isLocked(cur.name)) {
      throw new BridgeError('conflict', `the token of "${cur.name}" waits for the OS keychain; rename it once the keychain is open`);
    }
    if (change.token !== undefined || next.name !== cur.name) {
      this.tokens.keep(next.name, next.token);
      if (next.name !== cur.name) this.tokens.keep(cur.name, undefined);
    }
    await this.runner.stop(cur.name);
    this.own.delete(cur.name);
    this.own.set(next.name, next);
    this.save();
    if (next.enabled) this.runner.start(next);
    return this.get(next.name);
  }

  async remove(id: string): Promise<void> {
    this.owned(id);
    await this.runner.stop(id);
    this.own.delete(id);
    this.tokens.keep(id, undefined);
    this.save();
  }

  /** Takes the upstreams this manager started out of the relay (its service is closing); saved ones stay saved. */
  async release(): Promise<void> {
    this.tokens.release();
    await this.runner.stopAll();
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
      throw upstreamRefusal(err);
    }
    return stored;
  }

  private view(s: UpstreamStatus | undefined, u: Stored): Upstream {
    const saved = { name: u.name, url: u.url, filters: u.filters, enabled: u.enabled, hasToken: u.token !== undefined };
    return upstreamView(s, saved, this.runner.startError(u.name), this.tokens.storage(u.name, u.token !== undefined));
  }

  /** Writes the upstreams without their tokens. */
  private save(): void {
    writeUpstreamsFile(this.file, this.own.values(), (name) => this.tokens.isInline(name));
  }
}
