// Subscriptions store: the UI subscriptions with their match counts, and create/update/delete/notify.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Bridge, SubscriptionDraft, UiSubscription } from '../../src-shared/bridge/index.js';
import { attempt, errorText, type SaveResult } from './errors.js';

export interface SubscriptionsState {
  list: UiSubscription[];
  loaded: boolean;
  error: string | null;
  load(): Promise<void>;
  replace(list: UiSubscription[]): void;
  create(draft: SubscriptionDraft): Promise<SaveResult<UiSubscription>>;
  update(id: string, draft: SubscriptionDraft): Promise<SaveResult<UiSubscription>>;
  remove(id: string): Promise<boolean>;
  setNotify(id: string, notify: boolean): Promise<boolean>;
}

export type SubscriptionsStore = StoreApi<SubscriptionsState>;

export function createSubscriptionsStore(bridge: Bridge): SubscriptionsStore {
  return createStore<SubscriptionsState>()((set, get) => {
    const put = (s: UiSubscription): void => {
      const list = get().list;
      const at = list.findIndex((x) => x.id === s.id);
      set({ list: at < 0 ? [...list, s] : list.map((x) => (x.id === s.id ? s : x)), error: null });
    };
    return {
      list: [],
      loaded: false,
      error: null,
      async load() {
        try {
          const { subscriptions } = await bridge.subscriptions.list();
          set({ list: subscriptions, loaded: true, error: null });
        } catch (err) {
          set({ error: errorText(err) });
        }
      },
      replace: (list) => set({ list, loaded: true }),
      async create(draft) {
        const r = await attempt(() => bridge.subscriptions.create(draft));
        if (r.ok) put(r.value);
        return r;
      },
      async update(id, draft) {
        const r = await attempt(() => bridge.subscriptions.update({ id, ...draft }));
        if (r.ok) put(r.value);
        return r;
      },
      async remove(id) {
        const r = await attempt(() => bridge.subscriptions.delete({ id }));
        if (r.ok) set({ list: get().list.filter((s) => s.id !== id), error: null });
        else set({ error: r.message });
        return r.ok;
      },
      async setNotify(id, notify) {
        const r = await attempt(() => bridge.subscriptions.update({ id, notify }));
        if (r.ok) put(r.value);
        else set({ error: r.message });
        return r.ok;
      },
    };
  });
}
