// @vitest-environment jsdom
// `push:open-incident` (a desktop notification or tray click): the window shows the board with that incident selected and open.
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { followOpenIncidentPushes, incidentFromLink, openLinkedIncident } from '../../src-renderer/stores/open-incident.js';
import { createAppStores, startSync } from '../../src-renderer/stores/app-stores.js';
import { FakeBridge } from './support/fake-bridge.js';
import { commentEvent, createdEvent, makeFeedEvent, makeIncident, makeSummary, uuid } from './support/factories.js';
import { cleanupApp, renderApp } from './support/render-app.js';

afterEach(cleanupApp);

describe('an open-incident push', () => {
  it('switches to the board, selects the incident and opens its detail with the timeline', async () => {
    const bridge = new FakeBridge();
    const target = makeIncident(3, { severity: 'P0', title: 'Checkout is down' });
    bridge.addIncident(makeSummary(makeIncident(1, { title: 'Disk almost full' })));
    bridge.addIncident(makeSummary(target), [makeFeedEvent(createdEvent(target)), makeFeedEvent(commentEvent(target.id, 'rolling back'))]);
    const { stores } = renderApp(bridge, 'settings');
    await waitFor(() => expect(bridge.callsTo('incidents:list')).toHaveLength(1));
    act(() => stores.ui.getState().setHelpOpen(true));

    act(() => bridge.emit('push:open-incident', { id: target.id.toUpperCase() }));

    expect(screen.getByRole('main', { name: 'Incidents' })).toBeTruthy();
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).toBeNull();
    expect(stores.incidents.getState().selectedId).toBe(target.id);
    await waitFor(() => expect(stores.incidents.getState().detail).toMatchObject({ id: target.id, status: 'ready' }));
    expect(bridge.callsTo('incidents:get')).toEqual([{ id: target.id }]);
    const detail = await screen.findByRole('complementary', { name: 'Checkout is down' });
    expect(within(detail).getByText(/rolling back/)).toBeTruthy();
  });

  it('opens an incident the board does not know yet, and shows why when it does not exist', async () => {
    const bridge = new FakeBridge();
    const { stores } = renderApp(bridge, 'feed');
    await waitFor(() => expect(bridge.callsTo('incidents:list')).toHaveLength(1));
    const late = makeIncident(9, { title: 'Arrived with the click' });
    bridge.addIncident(makeSummary(late));

    act(() => bridge.emit('push:open-incident', { id: late.id }));
    await waitFor(() => expect(stores.incidents.getState().detail?.status).toBe('ready'));
    expect(stores.incidents.getState().byId[late.id]?.incident.title).toBe('Arrived with the click');

    act(() => bridge.emit('push:open-incident', { id: uuid(404) }));
    await waitFor(() => expect(stores.incidents.getState().detail).toMatchObject({ id: uuid(404), status: 'error', error: expect.stringContaining('no incident') }));
  });

  it('is no longer followed once stopped (the window unmounted)', async () => {
    const bridge = new FakeBridge();
    const stores = createAppStores(bridge);
    stores.ui.getState().setView('settings');
    const stop = followOpenIncidentPushes(bridge, stores);
    stop();
    bridge.addIncident(makeSummary(makeIncident(2)));
    bridge.emit('push:open-incident', { id: uuid(2) });
    await Promise.resolve();
    expect(stores.ui.getState().view).toBe('settings');
    expect(bridge.callsTo('incidents:get')).toEqual([]);
  });
});

describe('an open-incident push sent as the window first paints', () => {
  it('is followed from the moment the pushes are wired, before React renders anything', async () => {
    const bridge = new FakeBridge();
    const target = makeIncident(5, { severity: 'P0', title: 'Clicked before the first render' });
    bridge.addIncident(makeSummary(target));
    const stores = createAppStores(bridge);
    const stop = startSync(bridge, stores);
    try {
      bridge.emit('push:open-incident', { id: target.id }); // no component is mounted yet
      await waitFor(() => expect(stores.incidents.getState().detail).toMatchObject({ id: target.id, status: 'ready' }));
      expect(stores.ui.getState().view).toBe('incidents');
    } finally {
      stop();
    }
  });

  it('opens the incident of a notification link (#incident=<id>), and ignores any other hash', async () => {
    const bridge = new FakeBridge();
    const target = makeIncident(4, { severity: 'P0', title: 'Linked from a notification' });
    bridge.addIncident(makeSummary(target));
    const { stores } = renderApp(bridge, 'feed');
    expect(incidentFromLink('#incident=not-an-id')).toBeUndefined();
    expect(openLinkedIncident(stores, '#settings')).toBe(false);
    act(() => void openLinkedIncident(stores, `#incident=${target.id.toUpperCase()}`));
    expect(stores.incidents.getState().selectedId).toBe(target.id);
    await waitFor(() => expect(stores.incidents.getState().detail).toMatchObject({ id: target.id, status: 'ready' }));
  });
});
