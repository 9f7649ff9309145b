// The UI subscriptions: named filters persisted in the data dir, matched by the hub's index, each counting its matches.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import {
  BridgeError, UiSubscriptionSchema, type SubscriptionDraft, type UiSubscription,
} from '../../src-shared/bridge/index.js';
import { normalizeFilters, type FiltersInput, type Subject } from '../../src-shared/protocol/index.js';
import type { InProcessSubscriber } from '../server/index.js';
import { readJsonFile, writeJsonFile, type ProblemReporter } from './json-file.js';

export const SUBSCRIPTIONS_FILE = 'ui-subscriptions.json';
/** More than this many UI subscriptions is refused (`subscription_limit`). */
export const UI_SUBSCRIPTIONS_MAX = 200;

const FileSchema = z.object({ version: z.literal(1), subscriptions: z.array(UiSubscriptionSchema) });

type NormalizedFilters = UiSubscription['filters'];

/** All seven keys, duplicates dropped, incident ids lower-case (the shape the contract returns). */
export function normalizedFilters(input: FiltersInput | undefined): NormalizedFilters {
  return normalizeFilters(input) as NormalizedFilters;
}

export interface SubscriptionUpdate {
  id: string;
  name?: string;
  filters?: FiltersInput;
  notify?: boolean;
}

export class SubscriptionRegistry {
  private readonly file: string;
  private readonly byId = new Map<string, UiSubscription>();
  private countsDirty = false;

  /** `matcher` files each subscription's filters in the server's routing index (`server.subscribeInProcess`). */
  constructor(
    dataDir: string, report: ProblemReporter,
    private readonly matcher: Pick<InProcessSubscriber, 'setFilters' | 'removeFilters' | 'matchIds'>,
    private readonly now: () => number = Date.now,
  ) {
    this.file = join(dataDir, SUBSCRIPTIONS_FILE);
    const stored = readJsonFile(this.file, FileSchema, report);
    for (const s of stored?.subscriptions ?? []) this.put(s);
  }

  list(): UiSubscription[] {
    return [...this.byId.values()];
  }

  create(draft: SubscriptionDraft): UiSubscription {
    if (this.byId.size >= UI_SUBSCRIPTIONS_MAX) {
      throw new BridgeError('subscription_limit', `at most ${UI_SUBSCRIPTIONS_MAX} subscriptions; delete one first`);
    }
    const at = new Date(this.now()).toISOString();
    const sub: UiSubscription = {
      id: randomUUID(), name: draft.name, filters: normalizedFilters(draft.filters), notify: draft.notify,
      matchedCount: 0, createdAt: at, updatedAt: at,
    };
    this.put(sub);
    this.save();
    return sub;
  }

  update(change: SubscriptionUpdate): UiSubscription {
    const cur = this.get(change.id);
    const next: UiSubscription = {
      ...cur,
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.filters !== undefined ? { filters: normalizedFilters(change.filters) } : {}),
      ...(change.notify !== undefined ? { notify: change.notify } : {}),
      updatedAt: new Date(this.now()).toISOString(),
    };
    this.put(next);
    this.save();
    return next;
  }

  delete(id: string): void {
    this.get(id);
    this.byId.delete(id);
    this.matcher.removeFilters(id);
    this.save();
  }

  /** Ids of the subscriptions an event matches, without counting (for events read back from the journal). */
  matchIds(eventType: string, subject: Subject): string[] {
    return this.matcher.matchIds(eventType, subject);
  }

  /** Counts a newly published event for the subscriptions the routing pass found it matched. */
  countMatches(ids: readonly string[]): void {
    for (const id of ids) {
      const s = this.byId.get(id);
      if (s) this.byId.set(id, { ...s, matchedCount: s.matchedCount + 1 });
    }
    if (ids.length > 0) this.countsDirty = true;
  }

  /** The filters of the subscriptions whose notification switch is on. */
  notifyingFilters(): FiltersInput[] {
    return this.list().filter((s) => s.notify).map((s) => s.filters);
  }

  /** Writes the match counters if they moved since the last write; true when they had. */
  flushCounts(): boolean {
    if (!this.countsDirty) return false;
    this.save();
    return true;
  }

  private get(id: string): UiSubscription {
    const s = this.byId.get(id);
    if (!s) throw new BridgeError('not_found', `no subscription ${JSON.stringify(id)}`);
    return s;
  }

  private put(s: UiSubscription): void {
    this.byId.set(s.id, s);
    this.matcher.setFilters(s.id, s.filters);
  }

  private save(): void {
    this.countsDirty = false;
    writeJsonFile(this.file, { version: 1, subscriptions: this.list() });
  }
}
