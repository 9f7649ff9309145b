// Renders the whole app over a FakeBridge in jsdom, with stores built for this test, pushes applied at once, and
// the layout shims its virtualized lists need.
import { cleanup, render, type RenderResult } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { createElement } from 'react';
import { App } from '../../../src-renderer/app/app.js';
import { immediately } from '../../../src-renderer/lib/coalesce.js';
import { createAppStores, startSync, type AppStores } from '../../../src-renderer/stores/app-stores.js';
import type { ViewName } from '../../../src-renderer/stores/ui-store.js';
import { FakeBridge } from './fake-bridge.js';
import { installLayoutShims } from './scroll-boxes.js';

export interface RenderedApp extends RenderResult {
  bridge: FakeBridge;
  stores: AppStores;
  user: ReturnType<typeof userEvent.setup>;
}

const stops: (() => void)[] = [];

/** Renders the app on `view`; call `cleanupApp()` in afterEach. */
export function renderApp(bridge = new FakeBridge(), view: ViewName = 'incidents', signOut?: () => Promise<void>): RenderedApp {
  installLayoutShims();
  const stores = createAppStores(bridge);
  stores.ui.getState().setView(view);
  stops.push(startSync(bridge, stores, { schedule: immediately }));
  const result = render(createElement(App, { bridge, stores, ...(signOut ? { signOut } : {}) }));
  return { ...result, bridge, stores, user: userEvent.setup({ delay: null }) };
}

/** Unmounts what renderApp rendered and unwires its sync (vitest runs without globals, so RTL cannot do it itself). */
export function cleanupApp(): void {
  for (const stop of stops.splice(0)) stop();
  cleanup();
}
