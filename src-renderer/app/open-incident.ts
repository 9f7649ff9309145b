// `push:open-incident` (a notification or tray click in the desktop app): show the board with that incident open.
import { useEffect } from 'react';
import type { Bridge } from '../../src-shared/bridge/index.js';
import type { AppStores } from '../stores/app-stores.js';

/** Switches to the incidents view, selects the incident and opens its detail (fetched, so it need not be on the board). */
export function openIncident(stores: AppStores, id: string): Promise<void> {
  const ui = stores.ui.getState();
  ui.setHelpOpen(false);
  ui.setView('incidents');
  stores.incidents.getState().select(id);
  return stores.incidents.getState().open(id);
}

/** Follows open-incident pushes for as long as the window is mounted; returns the function that stops. */
export function followOpenIncidentPushes(bridge: Bridge, stores: AppStores): () => void {
  return bridge.on('push:open-incident', ({ id }) => {
    void openIncident(stores, id);
  });
}

export function useOpenIncidentPushes(bridge: Bridge, stores: AppStores): void {
  useEffect(() => followOpenIncidentPushes(bridge, stores), [bridge, stores]);
}
