// Live feed store: the newest events (bounded), pause/resume, text search and filter chips.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FeedEvent } from '../../src-shared/bridge/index.js';
import type { Severity } from '../../src-shared/protocol/index.js';
import { toFeedEntry, type EventKind, type FeedEntry } from '../lib/event-facts.js';

/** Events kept in the window; older ones fall off (the journal on the server keeps them). */
export const FEED_CAPACITY = 20_000;

export interface FeedState {
  /** Oldest first. */
  entries: FeedEntry[];
  /** While paused, rows that arrived after this seq are held back from display. */
  pausedAtSeq: number | null;
  query: string;
  severities: Severity[];
  kinds: EventKind[];
  /** Newest message id seen, the resync point after a reconnection. */
  lastMessageId: string | null;
  /** Why the last catch-up after a reconnection failed, else null. */
  loadError: string | null;
  append(events: readonly FeedEvent[]): void;
  setLoadError(message: string | null): void;
  setQuery(query: string): void;
  toggleSeverity(s: Severity): void;
  toggleKind(k: EventKind): void;
  clearFilters(): void;
  pause(): void;
  resume(): void;
}

export type FeedStore = StoreApi<FeedState>;

const toggle = <T>(list: readonly T[], item: T): T[] => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

export function createFeedStore(capacity = FEED_CAPACITY): FeedStore {
  const known = new Set<string>();
  let nextSeq = 1;
  return createStore<FeedState>()((set, get) => ({
    entries: [],
    pausedAtSeq: null,
    query: '',
    severities: [],
    kinds: [],
    lastMessageId: null,
    loadError: null,

    setLoadError: (loadError) => set({ loadError }),
    append(events) {
      const fresh: FeedEntry[] = [];
      for (const fe of events) {
        if (known.has(fe.messageId)) continue;
        known.add(fe.messageId);
        fresh.push(toFeedEntry(fe, nextSeq++));
      }
      if (fresh.length === 0) return;
      let entries = get().entries.concat(fresh);
      if (entries.length > capacity) {
        const dropped = entries.slice(0, entries.length - capacity);
        for (const e of dropped) known.delete(e.messageId);
        entries = entries.slice(entries.length - capacity);
      }
      set({ entries, lastMessageId: fresh[fresh.length - 1]!.messageId });
    },
    setQuery: (query) => set({ query }),
    toggleSeverity: (s) => set({ severities: toggle(get().severities, s) }),
    toggleKind: (k) => set({ kinds: toggle(get().kinds, k) }),
    clearFilters: () => set({ query: '', severities: [], kinds: [] }),
    pause() {
      if (get().pausedAtSeq !== null) return;
      const entries = get().entries;
      set({ pausedAtSeq: entries.length > 0 ? entries[entries.length - 1]!.seq : 0 });
    },
    resume: () => set({ pausedAtSeq: null }),
  }));
}

export interface FeedFilter {
  pausedAtSeq: number | null;
  query: string;
  severities: readonly Severity[];
  kinds: readonly EventKind[];
}

/** The rows the feed shows, newest first. */
export function visibleFeed(entries: readonly FeedEntry[], f: FeedFilter): FeedEntry[] {
  const q = f.query.trim().toLowerCase();
  const out: FeedEntry[] = [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (f.pausedAtSeq !== null && e.seq > f.pausedAtSeq) continue;
    if (f.severities.length > 0 && (e.severity === undefined || !f.severities.includes(e.severity))) continue;
    if (f.kinds.length > 0 && !f.kinds.includes(e.kind)) continue;
    if (q !== '' && !e.haystack.includes(q)) continue;
    out.push(e);
  }
  return out;
}

/** Rows that arrived while paused. */
export function heldBackCount(entries: readonly FeedEntry[], pausedAtSeq: number | null): number {
  if (pausedAtSeq === null) return 0;
  let n = 0;
  for (let i = entries.length - 1; i >= 0 && entries[i]!.seq > pausedAtSeq; i--) n++;
  return n;
}
