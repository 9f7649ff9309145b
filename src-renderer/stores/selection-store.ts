// Board multi-selection (checkboxes, shift-click ranges, select all visible) and bulk acknowledge / resolve over it.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Bridge, IncidentSummary } from '../../src-shared/bridge/index.js';
import { errorText } from './errors.js';
import type { IncidentsStore } from './incidents-store.js';

export type BulkAction = 'acknowledge' | 'resolve';

/** One incident a bulk action could not do, with the server's reason (e.g. the owning upstream refused). */
export interface BulkFailure {
  id: string;
  title: string;
  reason: string;
}

export interface BulkResult {
  action: BulkAction;
  done: number;
  total: number;
  failed: BulkFailure[];
}

export interface SelectionState {
  /** Checked incidents, lower-case ids. */
  checked: Readonly<Record<string, true>>;
  /** Where a shift-click range starts: the last row toggled without shift. */
  anchor: string | null;
  /** The action under way, with how many incidents it went through so far. */
  running: { action: BulkAction; done: number; total: number } | null;
  lastResult: BulkResult | null;
  /** Toggles one row; with `range`, sets every row from the anchor to it (in `order`, the board's visible rows) as that row now is. */
  toggle(id: string, range: boolean, order: readonly string[]): void;
  /** Checks (or unchecks) exactly these ids. */
  setAll(ids: readonly string[], on: boolean): void;
  clear(): void;
  /** Acts on each of `rows` through the same bridge call as the detail pane (write-back included); one failure stops nothing. */
  run(action: BulkAction, rows: readonly IncidentSummary[]): Promise<BulkResult>;
}

export type SelectionStore = StoreApi<SelectionState>;

const key = (id: string): string => id.toLowerCase();

export function createSelectionStore(bridge: Bridge, incidents: IncidentsStore): SelectionStore {
  return createStore<SelectionState>()((set, get) => ({
    checked: {},
    anchor: null,
    running: null,
    lastResult: null,

    toggle(id, range, order) {
      const k = key(id);
      const checked = { ...get().checked };
      const on = !checked[k];
      const anchor = get().anchor;
      const from = range && anchor !== null ? order.indexOf(anchor) : -1;
      const to = order.indexOf(k);
      const span = from >= 0 && to >= 0 ? order.slice(Math.min(from, to), Math.max(from, to) + 1) : [k];
      for (const one of span) {
        if (on) checked[one] = true;
        else delete checked[one];
      }
      set({ checked, anchor: range && from >= 0 ? anchor : k });
    },
    setAll(ids, on) {
      const checked = { ...get().checked };
      for (const id of ids) {
        if (on) checked[key(id)] = true;
        else delete checked[key(id)];
      }
      set({ checked });
    },
    clear: () => set({ checked: {}, anchor: null }),

    async run(action, rows) {
      if (get().running) throw new Error('a bulk action is already under way');
      const total = rows.length;
      set({ running: { action, done: 0, total }, lastResult: null });
      const failed: BulkFailure[] = [];
      const succeeded: string[] = [];
      for (const s of rows) {
        const id = key(s.incident.id);
        try {
          const summary = action === 'acknowledge' ? await bridge.incidents.acknowledge({ id }) : await bridge.incidents.resolve({ id });
          incidents.getState().upsert([summary]);
          succeeded.push(id);
        } catch (err) {
          failed.push({ id, title: s.incident.title, reason: errorText(err) });
        }
        set({ running: { action, done: succeeded.length + failed.length, total } });
      }
      const result: BulkResult = { action, done: succeeded.length, total, failed };
      // What was done leaves the selection; what failed stays checked, to retry or look at.
      const checked = { ...get().checked };
      for (const id of succeeded) delete checked[id];
      set({ running: null, lastResult: result, checked });
      return result;
    },
  }));
}
