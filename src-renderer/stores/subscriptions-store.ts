// Subscriptions store: the UI subscriptions with their match counts, and create/update/delete/notify.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Bridge, SubscriptionDraft, UiSubscription } from '../../src-shared/bridge/index.js';
import { attempt, type SaveResult } from './errors.js';
import { keyedList } from './keyed-list.js';

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
    const items = keyedList(set, get, async () => (await bridge.subscriptions.list()).subscriptions);
    const put = items.put;
    return {
      list: [],
      loaded: false,
      error: null,
      load: items.load,
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
        if (r.ok) items.drop(id);
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
