// Upstreams store: remote instances with their live connection state, and add/edit/remove.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Bridge, Upstream, UpstreamInput } from '../../src-shared/bridge/index.js';
import { attempt, errorText, type SaveResult } from './errors.js';

export interface UpstreamsState {
  list: Upstream[];
  loaded: boolean;
  error: string | null;
  load(): Promise<void>;
  replace(list: Upstream[]): void;
  add(input: UpstreamInput): Promise<SaveResult<Upstream>>;
  /** `token` undefined keeps the stored token. */
  update(id: string, input: UpstreamInput): Promise<SaveResult<Upstream>>;
  remove(id: string): Promise<boolean>;
}

export type UpstreamsStore = StoreApi<UpstreamsState>;

export function createUpstreamsStore(bridge: Bridge): UpstreamsStore {
  return createStore<UpstreamsState>()((set, get) => {
    const put = (u: Upstream): void => {
      const list = get().list;
      set({ list: list.some((x) => x.id === u.id) ? list.map((x) => (x.id === u.id ? u : x)) : [...list, u], error: null });
    };
    return {
      list: [],
      loaded: false,
      error: null,
      async load() {
        try {
          const { upstreams } = await bridge.upstreams.list();
          set({ list: upstreams, loaded: true, error: null });
        } catch (err) {
          set({ error: errorText(err) });
        }
      },
      replace: (list) => set({ list, loaded: true }),
      async add(input) {
        const r = await attempt(() => bridge.upstreams.add(input));
        if (r.ok) put(r.value);
        return r;
      },
      async update(id, input) {
        const r = await attempt(() => bridge.upstreams.update({ id, ...input }));
        if (r.ok) put(r.value);
        return r;
      },
      async remove(id) {
        const r = await attempt(() => bridge.upstreams.remove({ id }));
        if (r.ok) set({ list: get().list.filter((u) => u.id !== id), error: null });
        else set({ error: r.message });
        return r.ok;
      },
    };
  });
}
