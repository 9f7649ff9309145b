// Settings store: notification policy and theme, saved as a whole; the test-notification result.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Bridge, Settings } from '../../src-shared/bridge/index.js';
import { attempt, errorText, type SaveResult } from './errors.js';

export interface SettingsState {
  settings: Settings | null;
  error: string | null;
  testResult: { delivered: boolean; detail: string } | null;
  load(): Promise<void>;
  replace(settings: Settings): void;
  save(settings: Settings): Promise<SaveResult<Settings>>;
  testNotification(): Promise<void>;
}

export type SettingsStore = StoreApi<SettingsState>;

export function createSettingsStore(bridge: Bridge): SettingsStore {
  return createStore<SettingsState>()((set) => ({
    settings: null,
    error: null,
    testResult: null,
    async load() {
      try {
        set({ settings: await bridge.settings.get(), error: null });
      } catch (err) {
        set({ error: errorText(err) });
      }
    },
    replace: (settings) => set({ settings }),
    async save(settings) {
      const r = await attempt(() => bridge.settings.update(settings));
      if (r.ok) set({ settings: r.value, error: null });
      return r;
    },
    async testNotification() {
      set({ testResult: null });
      const r = await attempt(() => bridge.notifications.test());
      set({ testResult: r.ok ? r.value : { delivered: false, detail: r.message } });
    },
  }));
}
