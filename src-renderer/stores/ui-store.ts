// UI store: the bridge connection state, the current view, the help overlay, the time zone, and a ticking clock for ages.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConnectionStatus } from '../../src-shared/bridge/index.js';
import type { TimeZoneChoice } from '../lib/format.js';
import { readPref, writePref } from '../lib/prefs.js';

const isZone = (v: string): v is TimeZoneChoice => v === 'local' || v === 'utc';

export const VIEWS = ['incidents', 'feed', 'subscriptions', 'connections', 'settings'] as const;
export type ViewName = (typeof VIEWS)[number];

export interface UiState {
  connection: ConnectionStatus;
  view: ViewName;
  helpOpen: boolean;
  /** Zone every time is shown in; remembered by this browser. */
  timeZone: TimeZoneChoice;
  /** Epoch ms, advanced by the clock ticker so ages tick together. */
  now: number;
  setConnection(status: ConnectionStatus): void;
  setView(view: ViewName): void;
  setHelpOpen(open: boolean): void;
  setTimeZone(zone: TimeZoneChoice): void;
  tick(now: number): void;
}

export type UiStore = StoreApi<UiState>;

export function createUiStore(connection: ConnectionStatus, now = Date.now()): UiStore {
  return createStore<UiState>()((set) => ({
    connection,
    view: 'incidents',
    helpOpen: false,
    timeZone: readPref('time-zone', 'local', isZone),
    now,
    setConnection: (status) => set({ connection: status, now: Date.now() }),
    setView: (view) => set({ view }),
    setHelpOpen: (helpOpen) => set({ helpOpen }),
    setTimeZone(timeZone) {
      writePref('time-zone', timeZone);
      set({ timeZone });
    },
    tick: (t) => set({ now: t }),
  }));
}
