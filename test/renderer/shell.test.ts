// @vitest-environment jsdom
// The window shell: banner on a dropped bridge with resync on return, help overlay, search shortcut, status bar.
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeBridge } from './support/fake-bridge.js';
import { createdEvent, makeFeedEvent, makeIncident, makeSummary } from './support/factories.js';
import { cleanupApp, renderApp } from './support/render-app.js';

afterEach(cleanupApp);

describe('app shell', () => {
  it('shows a banner while the bridge is down and resyncs everything when it comes back', async () => {
    const { bridge } = renderApp();
    await waitFor(() => expect(bridge.callsTo('incidents:list')).toHaveLength(1));
    expect(screen.queryByRole('alert')).toBeNull();

    act(() => bridge.setConnection({ state: 'disconnected', attempt: 2, retryAt: Date.now() + 3000, detail: 'stream closed (1006)' }));
    const banner = screen.getByRole('alert');
    expect(banner.textContent).toMatch(/Disconnected from the server/);
    expect(banner.textContent).toMatch(/Reconnecting in \d+s \(attempt 2\)/);
    expect(within(screen.getByRole('contentinfo', { name: 'Status' })).getByRole('status').textContent).toBe('Disconnected');

    const missed = makeFeedEvent(createdEvent(makeIncident(7, { severity: 'P0' })));
    bridge.data.events.push(missed);
    bridge.addIncident(makeSummary(makeIncident(7, { severity: 'P0', title: 'Arrived while away' })));
    act(() => bridge.setConnection({ state: 'connected' }));

    await screen.findByText('Arrived while away');
    expect(screen.queryByText(/Disconnected from the server/)).toBeNull();
    expect(bridge.callsTo('incidents:list')).toHaveLength(2);
    expect(bridge.callsTo('subscriptions:list')).toHaveLength(2);
    expect(bridge.callsTo('upstreams:list')).toHaveLength(2);
    expect(bridge.callsTo('settings:get')).toHaveLength(2);
  });

  it('offers Sign out in the web console, which ends the session; the desktop window (no session) has no such button', async () => {
    let signedOut = 0;
    const { bridge, user } = renderApp(new FakeBridge(), 'incidents', async () => { signedOut += 1; });
    const bar = screen.getByRole('contentinfo', { name: 'Status' });
    await user.click(within(bar).getByRole('button', { name: 'Sign out' }));
    expect(signedOut).toBe(1);
    act(() => bridge.setConnection({ state: 'unauthorized', detail: 'signed out' }));
    expect(within(bar).queryByRole('button', { name: 'Sign out' })).toBeNull();
    cleanupApp();
    renderApp();
    expect(within(screen.getByRole('contentinfo', { name: 'Status' })).queryByRole('button', { name: 'Sign out' })).toBeNull();
  });

  it('asks for a new login when the session is gone', () => {
    const { bridge } = renderApp();
    act(() => bridge.setConnection({ state: 'unauthorized', detail: 'login code expired' }));
    expect(screen.getByRole('alert').textContent).toMatch(/Signed out.*console URL.*login code expired/);
  });

  it('opens the shortcut help with ? and closes it with Escape, giving focus back', async () => {
    const { user } = renderApp();
    await user.keyboard('?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getByText('Acknowledge the selected incident')).toBeTruthy();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Close' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('focuses the search box of the current view with /, and switches views with number keys', async () => {
    const { user } = renderApp();
    await user.keyboard('/');
    expect(document.activeElement).toBe(screen.getByPlaceholderText(/Search incidents/));
    await user.keyboard('{Escape}2');
    expect(screen.getByRole('main', { name: 'Live feed' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Live feed' }).getAttribute('aria-current')).toBe('page');
    await user.keyboard('/');
    expect(document.activeElement).toBe(screen.getByPlaceholderText(/Search events/));
  });

  it('shows connection state, deliveries, connections and the events-per-minute sparkline in the status bar', async () => {
    const bridge = new FakeBridge();
    renderApp(bridge);
    const bar = screen.getByRole('contentinfo', { name: 'Status' });
    await waitFor(() => expect(within(bar).getByText('120')).toBeTruthy());
    expect(within(bar).getByRole('status').textContent).toBe('Connected');
    expect(within(bar).getByRole('img', { name: /Events per minute over the last 4 minutes, now 8/ })).toBeTruthy();
    act(() => bridge.emit('push:stats', { ...bridge.data.stats, deliveries: 999, connectedClients: 17 }));
    expect(within(bar).getByText('999')).toBeTruthy();
    expect(within(bar).getByText('17')).toBeTruthy();
  });

  it('shows a degraded notification channel in the status bar, with the cause, and hides it once it works', async () => {
    const { bridge } = renderApp();
    await waitFor(() => expect(bridge.callsTo('incidents:list')).toHaveLength(1));
    const bar = screen.getByRole('contentinfo', { name: 'Status' });
    expect(within(bar).queryByText(/Notifications degraded/)).toBeNull();
    const base = { connectedClients: 1, activeSubscriptions: 0, eventsPublished: 0, deliveries: 0, eventsPerMinute: [], activeIncidents: 0 };
    const detail = 'no session D-Bus (DBUS_SESSION_BUS_ADDRESS is not set); fix: run inside a desktop login session';
    act(() => bridge.emit('push:stats', { ...base, notifications: { state: 'degraded', detail } }));
    const shown = within(bar).getByRole('alert');
    expect(shown.textContent).toBe(`Notifications degraded: ${detail}`);
    expect(shown.getAttribute('title')).toBe(detail);
    act(() => bridge.emit('push:stats', { ...base, notifications: { state: 'ok', detail: 'the OS notification channel answers' } }));
    expect(within(bar).queryByText(/Notifications degraded/)).toBeNull();
  });

  it('shows failing escalation targets in the status bar (issue 23), and hides them once a page goes through', async () => {
    const { bridge } = renderApp();
    await waitFor(() => expect(bridge.callsTo('incidents:list')).toHaveLength(1));
    const bar = screen.getByRole('contentinfo', { name: 'Status' });
    const base = { connectedClients: 1, activeSubscriptions: 0, eventsPublished: 0, deliveries: 0, eventsPerMinute: [], activeIncidents: 0 };
    const detail = 'alice-phone (http://ntfy.internal answered 502)';
    act(() => bridge.emit('push:stats', { ...base, escalation: { state: 'degraded', detail } }));
    expect(within(bar).getByRole('alert').textContent).toBe(`Escalation failing: ${detail}`);
    act(() => bridge.emit('push:stats', { ...base, escalation: { state: 'ok', detail: '0 incident(s) waiting to escalate' } }));
    expect(within(bar).queryByText(/Escalation failing/)).toBeNull();
  });
});
