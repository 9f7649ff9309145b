// React context carrying the bridge and the window's stores, so components never build their own.
import { createContext, useContext, type ReactNode } from 'react';
import type { Bridge } from '../../src-shared/bridge/index.js';
import type { AppStores } from '../stores/app-stores.js';

export interface AppContextValue {
  bridge: Bridge;
  stores: AppStores;
  /** Ends this console session on the server (web console only; the desktop window has no session to end). */
  signOut?: () => Promise<void>;
  /** Exchanges a one-time login code for a console session (web console only). */
  signIn?: (code: string) => Promise<void>;
}

const AppContext = createContext<AppContextValue | null>(null);

export function AppProvider({ bridge, stores, signOut, signIn, children }: AppContextValue & { children: ReactNode }) {
  return (
    <AppContext.Provider value={{ bridge, stores, ...(signOut ? { signOut } : {}), ...(signIn ? { signIn } : {}) }}>
      {children}
    </AppContext.Provider>
  );
}

/** The bridge and stores of this window; throws outside an AppProvider. */
export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp() outside <AppProvider>');
  return value;
}
