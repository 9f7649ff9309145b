// @vitest-environment jsdom
// Issue 20's console findings over the FakeBridge: sign-in page, grouped board, upstream column and filter, detail
// fields (links, resolution, "More"), feed rows naming their incident, shortcuts after clicks, settings that tell the
// truth, and the upstream form starting over after an add.
import { act, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src-renderer/app/app.js';
import { immediately } from '../../src-renderer/lib/coalesce.js';
import { splitLinks } from '../../src-renderer/lib/links.js';
import { loginCodeFrom } from '../../src-renderer/lib/login-code.js';
import { createAppStores, startSync } from '../../src-renderer/stores/app-stores.js';
import { FakeBridge } from './support/fake-bridge.js';
import { at, commentEvent, makeFeedEvent, makeIncident, makeSummary, makeUpstream, uuid } from './support/factories.js';
import { cleanupApp, renderApp } from './support/render-app.js';
import { installLayoutShims } from './support/scroll-boxes.js';

afterEach(() => {
  cleanupApp();
  localStorage.clear();
});

const boardRows = (): HTMLElement[] => within(screen.getByRole('listbox', { name: /^Incidents/ })).queryAllByRole('option');
const titles = (): string[] => boardRows().map((o) => o.querySelector('.title-text')?.textContent ?? '');

describe('sign-in page', () => {
  it('replaces the board when signed out and signs in with the code of a pasted console URL', async () => {
    installLayoutShims();
    const bridge = new FakeBridge();
    bridge.setConnection({ state: 'unauthorized', detail: 'session expired' });
    const stores = createAppStores(bridge);
    const stop = startSync(bridge, stores, { schedule: immediately });
    const signIn = vi.fn(async () => bridge.setConnection({ state: 'connected' }));
    const { unmount } = render(createElement(App, { bridge, stores, signIn, signOut: async () => undefined }));
    try {
      expect(screen.getByRole('heading', { name: 'Sign in to Incident Relay' })).toBeTruthy();
      expect(screen.queryByRole('listbox')).toBeNull();
      expect(screen.queryByText(/^Incidents/)).toBeNull();
      expect(screen.getByText('incident-relay console')).toBeTruthy();
      const user = userEvent.setup({ delay: null });
      await user.type(screen.getByLabelText('Console URL or login code'), 'http://127.0.0.1:8080/?code=abcdefghijklmnopqrstuvwxyz0123456789-_ABCDEFG');
      await user.click(screen.getByRole('button', { name: 'Sign in' }));
      expect(signIn).toHaveBeenCalledWith('abcdefghijklmnopqrstuvwxyz0123456789-_ABCDEFG');
      await screen.findByRole('listbox', { name: /^Incidents/ });
    } finally {
      unmount();
      stop();
    }
  });

  it('reads the code from a URL, a bare code or code=…, and nothing else', () => {
    const code = 'Zx9_-abcdefghijklmnopqrstuvwxyz0123456789ABCDE';
    expect(loginCodeFrom(`http://127.0.0.1:9000/?code=${code}`)).toBe(code);
    expect(loginCodeFrom(`  ${code} `)).toBe(code);
    expect(loginCodeFrom(`code=${code}`)).toBe(code);
    expect(loginCodeFrom('http://127.0.0.1:9000/')).toBeNull();
    expect(loginCodeFrom('not a code!')).toBeNull();
    expect(loginCodeFrom('')).toBeNull();
  });
});

describe('board view options', () => {
  function bridgeWithDisks(): FakeBridge {
    const bridge = new FakeBridge();
    for (let n = 1; n <= 7; n++) {
      bridge.addIncident(makeSummary(makeIncident(n, { severity: 'P2', title: 'auth: disk 90% full', created_at: at(n), labels: { team: 'auth' } })));
    }
    bridge.addIncident(makeSummary(makeIncident(8, { severity: 'P0', title: 'Checkout is down', created_at: at(50), labels: { team: 'payments' } }), { upstream: 'eu-west' }));
    bridge.addIncident(makeSummary(makeIncident(9, { severity: 'P0', title: 'Payments 5xx', created_at: at(60), labels: { team: 'payments' } }), { upstream: null }));
    return bridge;
  }

  it('groups identical incidents into one line with a count, opened on click; j/k walk what is shown', async () => {
    const { user, stores } = renderApp(bridgeWithDisks());
    await waitFor(() => expect(boardRows()).toHaveLength(9));
    await user.selectOptions(screen.getByLabelText('Group by'), 'title');
    const group = screen.getByRole('button', { name: /auth: disk 90% full/ });
    expect(within(group).getByLabelText('7 incidents').textContent).toBe('×7');
    expect(group.getAttribute('aria-expanded')).toBe('false');
    expect(titles()).toEqual(['Checkout is down', 'Payments 5xx']);
    act(() => {
      stores.incidents.getState().moveSelection(1);
      stores.incidents.getState().moveSelection(1);
      stores.incidents.getState().moveSelection(1);
    });
    expect(stores.incidents.getState().selectedId).toBe(uuid(9)); // the closed group's rows are skipped
    await user.click(group);
    expect(titles()).toHaveLength(9);
    await user.selectOptions(screen.getByLabelText('Group by'), 'label:team');
    expect(within(screen.getByRole('button', { name: /team=auth/ })).getByLabelText('7 incidents')).toBeTruthy();
    expect(within(screen.getByRole('button', { name: /team=payments/ })).getByLabelText('2 incidents')).toBeTruthy();
    expect(localStorage.getItem('incident-relay.board-group-by')).toBe('label:team');
  });

  it('shows the upstream an incident came from and filters by it', async () => {
    const { user } = renderApp(bridgeWithDisks());
    await waitFor(() => expect(boardRows()).toHaveLength(9));
    const checkout = boardRows().find((r) => r.textContent?.includes('Checkout is down'))!;
    expect(within(checkout).getByText('via eu-west')).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('From'), 'eu-west');
    expect(titles()).toEqual(['Checkout is down']);
    await user.selectOptions(screen.getByLabelText('From'), '(this server)');
    expect(titles()).toHaveLength(8);
    expect(titles()).not.toContain('Checkout is down');
  });

  it('switches every time to UTC and says so, remembered for the next page', async () => {
    const bridge = new FakeBridge();
    bridge.publish([makeFeedEvent(commentEvent(uuid(1), 'hi'), { timestamp: '2025-11-12T10:00:05.000Z' })]);
    const { user } = renderApp(bridge, 'feed');
    await user.click(screen.getByRole('button', { name: /^Times in local time/ }));
    expect(screen.getByText('Time (UTC)')).toBeTruthy();
    expect(screen.getByText('10:00:05')).toBeTruthy();
    expect(localStorage.getItem('incident-relay.time-zone')).toBe('utc');
  });
});

describe('detail pane fields', () => {
  it('links http(s) only, shows the resolution as text, and keeps empty fields behind More', async () => {
    const bridge = new FakeBridge();
    const incident = makeIncident(1, {
      severity: 'P1', title: 'Disk full', state: 'Resolved', description: 'See https://runbooks.example.com/disk. Not file:///etc/passwd',
      labels: { runbook: 'https://runbooks.example.com/disk', evil: 'javascript:alert(1)' }, assignees: [], affected_resources: [],
      resolution: { resolved_at: at(90), resolved_by: 'ana', resolution_method: 'Manual', root_cause: 'log rotation off', notes: 'Cleared /var/log' },
    });
    bridge.addIncident(makeSummary(incident));
    const { user } = renderApp(bridge);
    await user.click(screen.getByRole('checkbox', { name: 'Show resolved' }));
    await user.click(await screen.findByText('Disk full'));
    const pane = await screen.findByRole('complementary', { name: 'Disk full' });
    const links = within(pane).getAllByRole('link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://runbooks.example.com/disk', 'https://runbooks.example.com/disk']);
    expect(links.every((a) => a.getAttribute('rel') === 'noopener noreferrer' && a.getAttribute('target') === '_blank')).toBe(true);
    expect(pane.querySelector('a[href^="javascript:"], a[href^="file:"]')).toBeNull();
    const resolution = within(pane).getByText('Resolution', { selector: 'dt' }).nextElementSibling!;
    expect(resolution.textContent).toContain('Cleared /var/log');
    expect(resolution.textContent).toContain('Root cause: log rotation off');
    expect(resolution.textContent).toContain('Manual by ana at');
    expect(resolution.textContent).not.toContain('{');
    const shown = pane.querySelector('dl.fields')!;
    expect(within(shown as HTMLElement).queryByText('—')).toBeNull();
    const more = pane.querySelector('details.more-fields')!;
    expect(more.hasAttribute('open')).toBe(false);
    for (const label of ['Affected resources', 'Assignees', 'Id', 'Fingerprint']) {
      expect(within(more as HTMLElement).getByText(label, { selector: 'dt' })).toBeTruthy();
    }
  });

  it('cuts text into http(s) links and plain parts, dropping trailing punctuation', () => {
    expect(splitLinks('a https://x.example/p?q=1, b javascript:alert(1) c http://y.example.')).toEqual([
      { text: 'a ' }, { text: 'https://x.example/p?q=1', href: 'https://x.example/p?q=1' }, { text: ', b javascript:alert(1) c ' },
      { text: 'http://y.example', href: 'http://y.example/' }, { text: '.' },
    ]);
  });
});

describe('feed rows about an incident', () => {
  it('name the incident and its severity on comment and assignment rows', async () => {
    const bridge = new FakeBridge();
    bridge.addIncident(makeSummary(makeIncident(1, { severity: 'P0', title: 'Checkout is down' })));
    const { stores } = renderApp(bridge, 'feed');
    await waitFor(() => expect(Object.keys(stores.incidents.getState().byId)).toHaveLength(1));
    act(() => bridge.emit('push:events', { events: [makeFeedEvent(commentEvent(uuid(1), 'Rolling back'))] }));
    const row = await screen.findByRole('listitem');
    expect(row.querySelector('.feed-summary')?.textContent).toBe('Checkout is down · alice: Rolling back');
    expect(row.querySelector('.sev')?.textContent).toBe('P0');
  });
});

describe('shortcuts after clicks', () => {
  function twoIncidents(): FakeBridge {
    const bridge = new FakeBridge();
    bridge.addIncident(makeSummary(makeIncident(1, { severity: 'P0', title: 'First', created_at: at(1) })));
    bridge.addIncident(makeSummary(makeIncident(2, { severity: 'P0', title: 'Second', created_at: at(2) })));
    return bridge;
  }

  it('Enter after clicking a tab opens the selected incident instead of clicking the tab again', async () => {
    const { user } = renderApp(twoIncidents());
    await waitFor(() => expect(boardRows()).toHaveLength(2));
    await user.click(screen.getByRole('button', { name: 'Incidents' }));
    await waitFor(() => expect(document.activeElement?.getAttribute('role')).toBe('listbox'));
    await user.keyboard('j{Enter}');
    await screen.findByRole('complementary', { name: 'First' });
  });

  it('j still moves after ticking a checkbox, and Escape closes the pane and gives focus to the list', async () => {
    const { user } = renderApp(twoIncidents());
    await waitFor(() => expect(boardRows()).toHaveLength(2));
    await user.click(screen.getByRole('checkbox', { name: 'Show resolved' }));
    await user.keyboard('jj');
    expect(boardRows().find((r) => r.getAttribute('aria-selected') === 'true')?.textContent).toContain('Second');
    await user.keyboard('{Enter}');
    await screen.findByRole('complementary', { name: 'Second' });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('complementary', { name: 'Second' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('listbox', { name: /^Incidents/ }));
  });
});

describe('settings and connections', () => {
  it('say that a server started without --notify shows no OS notifications', async () => {
    const bridge = new FakeBridge();
    bridge.data.stats = { ...bridge.data.stats, notifications: { state: 'off', detail: 'notifications are off' } };
    renderApp(bridge, 'settings');
    const status = await screen.findByRole('status', { name: 'OS notifications on this server' });
    expect(status.textContent).toContain('Off on this server: it was started without --notify');
    expect(screen.queryByText('OS notifications on')).toBeNull();
  });

  it('starts the upstream form over after an add, and shows the backfill result', async () => {
    const bridge = new FakeBridge();
    const { user } = renderApp(bridge, 'connections');
    const form = await screen.findByRole('form', { name: 'Add upstream' });
    await user.type(within(form).getByLabelText('Name'), 'eu-west');
    await user.type(within(form).getByLabelText('WebSocket URL'), 'ws://127.0.0.1:9100/ws');
    await user.click(within(form).getByRole('button', { name: 'Add upstream' }));
    await screen.findByRole('rowheader', { name: 'eu-west' });
    const fresh = screen.getByRole('form', { name: 'Add upstream' });
    expect((within(fresh).getByLabelText('Name') as HTMLInputElement).value).toBe('');
    expect((within(fresh).getByLabelText('WebSocket URL') as HTMLInputElement).value).toBe('');
    act(() => bridge.emit('push:upstreams', { upstreams: [makeUpstream('eu-west', { name: 'eu-west', state: 'connected', backfill: '3 active incidents backfilled' })] }));
    expect(screen.getByText('Backfill: 3 active incidents backfilled')).toBeTruthy();
  });
});
