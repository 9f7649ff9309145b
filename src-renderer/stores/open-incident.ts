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

const LINK_HASH = /^#incident=([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The incident id of a notification's console link (`…/#incident=<id>`), if the hash is one. */
export function incidentFromLink(hash: string): string | undefined {
  return LINK_HASH.exec(hash)?.[1]?.toLowerCase();
}

/** Opens the incident a notification link points at (the page was opened with `#incident=<id>`); false when none. */
export function openLinkedIncident(stores: AppStores, hash: string): boolean {
  const id = incidentFromLink(hash);
  if (id === undefined) return false;
  void openIncident(stores, id);
  return true;
}
