// Subscriptions store: the UI subscriptions with their match counts, and create/update/delete/notify.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Bridge, SubscriptionDraft, UiSubscription } from '../../src-shared/bridge/index.js';
import type { SaveResult } from './errors.js';
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
    return {
      list: [],
      loaded: false,
      error: null,
      load: items.load,
      replace: (list) => set({ list, loaded: true }),
      create: (draft) => items.save(() => bridge.subscriptions.create(draft)),
      update: (id, draft) => items.save(() => bridge.subscriptions.update({ id, ...draft })),
      remove: (id) => items.remove(id, () => bridge.subscriptions.delete({ id })),
      async setNotify(id, notify) {
        const r = await items.save(() => bridge.subscriptions.update({ id, notify }));
        if (!r.ok) set({ error: r.message });
        return r.ok;
      },
    };
  });
}
