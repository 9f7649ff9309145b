// Upstreams as the Connections view manages them: the UI's own (persisted, may be disabled) beside the configured ones.
import { join } from 'node:path';
import { z } from 'zod';
import { BridgeError, type Upstream } from '../../src-shared/bridge/index.js';
import { FiltersInputSchema, type FiltersInput } from '../../src-shared/protocol/index.js';
import type { Logger } from '../server/logger.js';
import { UpstreamConfigError, parseUpstream, type Relay, type UpstreamStatus } from '../relay/index.js';
import { displayUrl } from '../relay/upstream-config.js';
import { readJsonFile, writeJsonFile, type ProblemReporter } from './json-file.js';
import { normalizedFilters } from './subscription-registry.js';

export const UPSTREAMS_FILE = 'ui-upstreams.json';

const StoredSchema = z.object({
  name: z.string(), url: z.string(), token: z.string().optional(), filters: FiltersInputSchema, enabled: z.boolean(),
});
type Stored = z.infer<typeof StoredSchema>;
const FileSchema = z.object({ version: z.literal(1), upstreams: z.array(StoredSchema) });

export interface UpstreamInput { name: string; url: string; token?: string | null; filters: FiltersInput; enabled: boolean }
export interface UpstreamChange { id: string; name?: string; url?: string; token?: string | null; filters?: FiltersInput; enabled?: boolean }

const STATE: Readonly<Record<UpstreamStatus['state'], Upstream['state']>> = {
  connecting: 'connecting', connected: 'connected', backing_off: 'backoff', failed_auth: 'failed', stopped: 'disabled',
};

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
  /** Why an enabled upstream could not be started, by name. */
  private readonly startErrors = new Map<string, string>();
  private lastPushed = '';

  constructor(private readonly relay: Relay | undefined, dataDir: string, report: ProblemReporter, private readonly logger: Logger) {
    this.file = join(dataDir, UPSTREAMS_FILE);
    for (const u of readJsonFile(this.file, FileSchema, report)?.upstreams ?? []) {
      this.own.set(u.name, u);
      if (u.enabled) this.start(u);
    }
  }

  list(): Upstream[] {
    const out: Upstream[] = [];
    const statuses = new Map((this.relay?.list() ?? []).map((s) => [s.name, s]));
    for (const s of statuses.values()) if (!this.own.has(s.name)) out.push(this.view(s, undefined));
    for (const u of this.own.values()) out.push(this.view(statuses.get(u.name), u));
    return out;
  }

  /** The list when it differs from the one this last returned (what the streams were last sent), else undefined. */
  listIfChanged(): Upstream[] | undefined {
    const list = this.list();
    const text = JSON.stringify(list);
    if (text === this.lastPushed) return undefined;
    this.lastPushed = text;
    return list;
  }

  add(input: UpstreamInput): Upstream {
    if (this.own.has(input.name) || this.relay?.status(input.name)) throw new BridgeError('conflict', `an upstream named "${input.name}" already exists`);
    const stored = this.toStored(input, undefined);
    if (stored.enabled) this.start(stored, true);
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
    this.save();
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
    } catch (err) {
      if (strict) throw refusal(err);
      this.startErrors.set(u.name, (err as Error).message);
      this.logger.warn('saved upstream not started', { upstream: u.name, error: (err as Error).message });
    }
  }

  private async stop(name: string): Promise<void> {
    this.startErrors.delete(name);
    if (this.relay?.status(name)) await this.relay.removeUpstream(name);
  }

  private view(s: UpstreamStatus | undefined, u: Stored | undefined): Upstream {
    const startError = u ? this.startErrors.get(u.name) : undefined;
    const state: Upstream['state'] = s ? STATE[s.state] : u?.enabled ? 'failed' : 'disabled';
    return {
      id: s?.name ?? u!.name, name: s?.name ?? u!.name, url: s?.url ?? displayUrl(u!.url),
      enabled: u ? u.enabled : true, hasToken: s?.hasToken ?? Boolean(u?.token),
      filters: normalizedFilters(s?.filters ?? u?.filters), state,
      lastError: s?.lastError ?? startError ?? null, nextRetryAt: s?.nextRetryAt ?? null,
      replaySupported: s?.replaySupported ?? null, connectedSince: s?.state === 'connected' ? s.since : null,
      lastMessageId: s?.resumeAfter ?? null, eventsReceived: s?.eventsRelayed ?? 0,
    };
  }

  private save(): void {
    writeJsonFile(this.file, { version: 1, upstreams: [...this.own.values()] });
  }
}
