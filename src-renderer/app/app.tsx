// The window: view navigation, connection banner, the current view, status bar, help; clock, theme, keys and open requests wired here.
import { useEffect, type ComponentType } from 'react';
import { useStore } from 'zustand';
import type { Bridge } from '../../src-shared/bridge/index.js';
import type { AppStores } from '../stores/app-stores.js';
import type { ViewName } from '../stores/ui-store.js';
import { ConnectionsView } from '../views/connections/connections-view.js';
import { LiveFeed } from '../views/feed/live-feed.js';
import { IncidentBoard } from '../views/incidents/incident-board.js';
import { SettingsView } from '../views/settings/settings-view.js';
import { SubscriptionsView } from '../views/subscriptions/subscriptions-view.js';
import { AppProvider, useApp } from './app-context.js';
import { ConnectionBanner } from './connection-banner.js';
import { HelpDialog } from './help-dialog.js';
import { SignInPage } from './sign-in-page.js';
import { focusViewList, useKeyboardShortcuts } from './keyboard.js';
import { StatusBar } from './status-bar.js';

const VIEW_TITLES: Readonly<Record<ViewName, string>> = {
  incidents: 'Incidents', feed: 'Live feed', subscriptions: 'Subscriptions', connections: 'Connections', settings: 'Settings',
};
const VIEW_COMPONENTS: Readonly<Record<ViewName, ComponentType>> = {
  incidents: IncidentBoard, feed: LiveFeed, subscriptions: SubscriptionsView, connections: ConnectionsView, settings: SettingsView,
};

/** Keeps `ui.now` ticking once a second for ages and countdowns. */
function useClock(stores: AppStores): void {
  useEffect(() => {
    const timer = setInterval(() => stores.ui.getState().tick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [stores]);
}

/** Applies the theme setting as `data-theme` on <html>; `system` follows prefers-color-scheme in CSS. */
function useTheme(stores: AppStores): void {
  const theme = useStore(stores.settings, (s) => s.settings?.theme ?? 'system');
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}

function Shell() {
  const { stores, signIn } = useApp();
  const view = useStore(stores.ui, (s) => s.view);
  const connection = useStore(stores.ui, (s) => s.connection.state);
  useKeyboardShortcuts(stores);
  useClock(stores);
  useTheme(stores);
  const View = VIEW_COMPONENTS[view];
  // Signed out, the board would read "Incidents 0" (nothing open): show how to get in instead.
  if (connection === 'unauthorized' && signIn) return <div className="app app-unauthorized"><SignInPage signIn={signIn} /></div>;
  return (
    <div className={`app app-${connection}`}>
      <header className="app-header">
        <h1 className="app-title">Incident Relay</h1>
        <nav aria-label="Views" className="app-nav">
          {(Object.keys(VIEW_TITLES) as ViewName[]).map((v, i) => (
            <button
              key={v} type="button" aria-current={v === view ? 'page' : undefined} aria-keyshortcuts={String(i + 1)}
              onClick={(e) => {
                stores.ui.getState().setView(v);
                // A pointer click leaves the keys to the view (Enter opens, j/k move), not to this tab: Enter would click it again.
                if (e.detail > 0) setTimeout(focusViewList, 0);
              }}
            >
              {VIEW_TITLES[v]}
            </button>
          ))}
        </nav>
        <button type="button" className="help-button" aria-keyshortcuts="?" onClick={() => stores.ui.getState().setHelpOpen(true)}>
          Shortcuts
        </button>
      </header>
      <ConnectionBanner />
      <main id="main" className="app-main" aria-label={VIEW_TITLES[view]} tabIndex={-1}>
        <View />
      </main>
      <StatusBar />
      <HelpDialog />
    </div>
  );
}

export interface AppProps {
  bridge: Bridge;
  stores: AppStores;
  signOut?: () => Promise<void>;
  signIn?: (code: string) => Promise<void>;
}

export function App({ bridge, stores, signOut, signIn }: AppProps) {
  return (
    <AppProvider bridge={bridge} stores={stores} {...(signOut ? { signOut } : {})} {...(signIn ? { signIn } : {})}>
      <Shell />
    </AppProvider>
  );
}
