// `push:open-incident` (a notification or tray click in the desktop app): show the board with that incident open.
import type { Bridge } from '../../src-shared/bridge/index.js';
import type { AppStores } from './app-stores.js';

/** Switches to the incidents view, selects the incident and opens its detail (fetched, so it need not be on the board). */
export function openIncident(stores: AppStores, id: string): Promise<void> {
  const ui = stores.ui.getState();
  ui.setHelpOpen(false);
  ui.setView('incidents');
  stores.incidents.getState().select(id);
  return stores.incidents.getState().open(id);
}

/** Follows open-incident pushes (wired with the other pushes before the first render, so none is missed); returns the stop. */
export function followOpenIncidentPushes(bridge: Bridge, stores: AppStores): () => void {
  return bridge.on('push:open-incident', ({ id }) => {
    void openIncident(stores, id);
  });
}
