// Shared behaviour of stores that hold a list of items keyed by `id`: load, save, remove, with an error line.
import { attempt, errorText, type SaveResult } from './errors.js';

export interface KeyedListState<T extends { id: string }> {
  list: T[];
  loaded: boolean;
  error: string | null;
}

type Set<T extends { id: string }> = (partial: Partial<KeyedListState<T>>) => void;
type Get<T extends { id: string }> = () => KeyedListState<T>;

/**
 * `load` fetches the whole list; `save` runs a create or update call and puts the item it returns in place of the one
 * with its id (or appends it); `remove` runs a delete call and drops the item, or shows why not.
 */
export function keyedList<T extends { id: string }>(set: Set<T>, get: Get<T>, fetchList: () => Promise<T[]>) {
  const put = (item: T): void => {
    const list = get().list;
    set({ list: list.some((x) => x.id === item.id) ? list.map((x) => (x.id === item.id ? item : x)) : [...list, item], error: null });
  };
  const drop = (id: string): void => {
    set({ list: get().list.filter((x) => x.id !== id), error: null });
  };
  return {
    async load(): Promise<void> {
      try {
        set({ list: await fetchList(), loaded: true, error: null });
      } catch (err) {
        set({ error: errorText(err) });
      }
    },
    async save(call: () => Promise<T>): Promise<SaveResult<T>> {
      const r = await attempt(call);
      if (r.ok) put(r.value);
      return r;
    },
    async remove(id: string, call: () => Promise<unknown>): Promise<boolean> {
      const r = await attempt(call);
      if (r.ok) drop(id);
      else set({ error: r.message });
      return r.ok;
    },
  };
}
