// Shared behaviour of stores that hold a list of items keyed by `id`: load, upsert and remove with an error line.
import { errorText } from './errors.js';

export interface KeyedListState<T extends { id: string }> {
  list: T[];
  loaded: boolean;
  error: string | null;
}

type Set<T extends { id: string }> = (partial: Partial<KeyedListState<T>>) => void;
type Get<T extends { id: string }> = () => KeyedListState<T>;

/** `put` replaces the item of the same id or appends it; `drop` removes one; `load` fetches the whole list. */
export function keyedList<T extends { id: string }>(set: Set<T>, get: Get<T>, fetchList: () => Promise<T[]>) {
  return {
    put(item: T): void {
      const list = get().list;
      set({ list: list.some((x) => x.id === item.id) ? list.map((x) => (x.id === item.id ? item : x)) : [...list, item], error: null });
    },
    drop(id: string): void {
      set({ list: get().list.filter((x) => x.id !== id), error: null });
    },
    async load(): Promise<void> {
      try {
        set({ list: await fetchList(), loaded: true, error: null });
      } catch (err) {
        set({ error: errorText(err) });
      }
    },
  };
}
