// Upstreams store: remote instances with their live connection state, and add/edit/remove.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Bridge, Upstream, UpstreamInput } from '../../src-shared/bridge/index.js';
import { attempt, type SaveResult } from './errors.js';
import { keyedList } from './keyed-list.js';

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
    const items = keyedList(set, get, async () => (await bridge.upstreams.list()).upstreams);
    const put = items.put;
    return {
      list: [],
      loaded: false,
      error: null,
      load: items.load,
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
        if (r.ok) items.drop(id);
        else set({ error: r.message });
        return r.ok;
      },
    };
  });
}
