// Upstreams store: remote instances with their live connection state, and add/edit/remove.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Bridge, Upstream, UpstreamInput } from '../../src-shared/bridge/index.js';
import { attempt, errorText, type SaveResult } from './errors.js';
import { keyedList } from './keyed-list.js';
import { mergeSnapshot, newerThanSnapshot } from './upstream-revisions.js';

export interface UpstreamsState {
  list: Upstream[];
  loaded: boolean;
  error: string | null;
  /** Revision of the newest whole-list snapshot applied (-1 before any). */
  snapshotRevision: number;
  load(): Promise<void>;
  /** Applies a whole-list snapshot (a push or a list answer) unless a newer one was applied already. */
  replace(list: Upstream[], revision?: number): void;
  add(input: UpstreamInput): Promise<SaveResult<Upstream>>;
  /** `token` undefined keeps the stored token. */
  update(id: string, input: UpstreamInput): Promise<SaveResult<Upstream>>;
  remove(id: string): Promise<boolean>;
}

export type UpstreamsStore = StoreApi<UpstreamsState>;

export function createUpstreamsStore(bridge: Bridge): UpstreamsStore {
  return createStore<UpstreamsState>()((set, get) => {
    const items = keyedList(set, get, async () => (await bridge.upstreams.list()).upstreams);
    const replace = (list: Upstream[], revision?: number): void => {
      const s = get();
      if (revision !== undefined && revision < s.snapshotRevision) return;
      set({ list: mergeSnapshot(s.list, list, revision), loaded: true, snapshotRevision: revision ?? s.snapshotRevision });
    };
    /** An answer older than the snapshot already shown would put back a state the upstream has left: keep the snapshot. */
    const save = async (call: () => Promise<Upstream>): Promise<SaveResult<Upstream>> => {
      const r = await attempt(call);
      if (r.ok && newerThanSnapshot(r.value, get().snapshotRevision)) {
        const list = get().list;
        const next = list.some((x) => x.id === r.value.id) ? list.map((x) => (x.id === r.value.id ? r.value : x)) : [...list, r.value];
        set({ list: next, error: null });
      }
      return r;
    };
    return {
      list: [],
      loaded: false,
      error: null,
      snapshotRevision: -1,
      async load() {
        try {
          const answer = await bridge.upstreams.list();
          replace(answer.upstreams, answer.revision);
          set({ error: null });
        } catch (err) {
          set({ error: errorText(err) });
        }
      },
      replace,
      add: (input) => save(() => bridge.upstreams.add(input)),
      update: (id, input) => save(() => bridge.upstreams.update({ id, ...input })),
      remove: (id) => items.remove(id, () => bridge.upstreams.remove({ id })),
    };
  });
}
