// Renderer entry: picks the bridge (Electron preload or the web transport), builds the stores, renders the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Bridge } from '../src-shared/bridge/index.js';
import { App } from './app/app.js';
import { readPreloadBridge } from './bridge/preload-bridge.js';
import { createWebBridge } from './bridge/web-bridge.js';
import { createAppStores, startSync } from './stores/app-stores.js';
import { openLinkedIncident } from './stores/open-incident.js';
import './styles.css';

/** The web console's bridge, and its sign-out (the desktop window has no console session). */
function webBridge(): { bridge: Bridge; signOut: () => Promise<void>; signIn: (code: string) => Promise<void> } {
  const url = new URL(globalThis.location.href);
  const code = url.searchParams.get('code');
  if (code) {
    url.searchParams.delete('code');
    history.replaceState(null, '', url.pathname + url.search + url.hash); // the code is single-use: keep it out of history
  }
  const bridge = createWebBridge();
  const login = code ? bridge.login(code) : Promise.resolve();
  login.catch((err: unknown) => console.warn(`login code refused: ${err instanceof Error ? err.message : String(err)}`))
    .finally(() => bridge.start());
  return { bridge, signOut: () => bridge.signOut(), signIn: (c) => bridge.login(c) };
}

// In the desktop app the preload exposes plain-result calls; the page builds its Bridge (and its BridgeErrors) here.
const preload = readPreloadBridge(globalThis);
const web = preload ? undefined : webBridge();
const bridge = preload ?? web!.bridge;
const stores = createAppStores(bridge);
startSync(bridge, stores);
// A notification's console link (`/#incident=<id>`) opens that incident.
openLinkedIncident(stores, globalThis.location.hash);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App bridge={bridge} stores={stores} {...(web ? { signOut: web.signOut, signIn: web.signIn } : {})} />
  </StrictMode>,
);
