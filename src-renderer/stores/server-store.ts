// Local server store: address and version, live counters, and the publish token (revealed only on request).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Bridge, ServerStats, ServerStatus } from '../../src-shared/bridge/index.js';
import { errorText } from './errors.js';

export interface ServerState {
  status: ServerStatus | null;
  stats: ServerStats | null;
  /** The token in clear while revealed, else null. */
  token: string | null;
  /** The read-only token (desktop) while revealed, else null. */
  readToken: string | null;
  tokenError: string | null;
  error: string | null;
  load(): Promise<void>;
  setStats(stats: ServerStats): void;
  revealToken(): Promise<void>;
  hideToken(): void;
  rotateToken(): Promise<boolean>;
}

export type ServerStore = StoreApi<ServerState>;

export function createServerStore(bridge: Bridge): ServerStore {
  return createStore<ServerState>()((set, get) => ({
    status: null,
    stats: null,
    token: null,
    readToken: null,
    tokenError: null,
    error: null,
    async load() {
      try {
        const [status, stats] = await Promise.all([bridge.server.status(), bridge.server.stats()]);
        set({ status, stats, error: null });
      } catch (err) {
        set({ error: errorText(err) });
      }
    },
    setStats: (stats) => set({ stats }),
    async revealToken() {
      try {
        const { token, readToken } = await bridge.token.reveal();
        set({ token, readToken: readToken ?? null, tokenError: null });
      } catch (err) {
        set({ tokenError: errorText(err) });
      }
      await get().load(); // the token's storage may have changed (the keychain opened)
    },
    hideToken: () => set({ token: null, readToken: null }),
    async rotateToken() {
      try {
        const { token } = await bridge.token.rotate();
        set({ token, tokenError: null });
        return true;
      } catch (err) {
        set({ tokenError: errorText(err) });
        return false;
      }
    },
  }));
}
