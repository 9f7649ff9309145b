// @vitest-environment jsdom
// Connections: local server facts, publish token reveal/copy/rotate, upstreams add/edit/remove with live state.
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeBridge } from './support/fake-bridge.js';
import { at, makeUpstream } from './support/factories.js';
import { cleanupApp, renderApp } from './support/render-app.js';

afterEach(() => {
  cleanupApp();
  vi.unstubAllGlobals();
});

const localServer = (): HTMLElement => screen.getByRole('region', { name: 'Local server' });
const upstreamForm = (): HTMLElement => screen.getByRole('form', { name: /Add upstream|Edit upstream/ });

describe('connections view', () => {
  it('shows the local address and counters', async () => {
    renderApp(new FakeBridge(), 'connections');
    const card = localServer();
    expect(await within(card).findByText('http://127.0.0.1:8080')).toBeTruthy();
    expect(within(card).getByText('Connected clients').nextElementSibling?.textContent).toBe('3');
    expect(within(card).getByText('Deliveries').nextElementSibling?.textContent).toBe('120');
  });

  it('keeps the publish token masked until revealed, copies it, and rotates it only after confirmation', async () => {
    const writeText = vi.fn(async (_text: string) => undefined);
    const { bridge, user } = renderApp(new FakeBridge(), 'connections');
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const card = localServer();
    expect(within(card).getByLabelText('Publish token, hidden').textContent).not.toContain('publish-token');
    expect(bridge.callsTo('token:reveal')).toHaveLength(0);

    await user.click(within(card).getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('publish-token-0123456789abcdef'));
    expect(within(card).getByLabelText('Publish token, hidden')).toBeTruthy();

    await user.click(within(card).getByRole('button', { name: 'Reveal' }));
    expect((await within(card).findByLabelText('Publish token')).textContent).toBe('publish-token-0123456789abcdef');

    await user.click(within(card).getByRole('button', { name: 'Rotate…' }));
    expect(bridge.callsTo('token:rotate')).toHaveLength(0);
    await user.click(within(card).getByRole('button', { name: 'Rotate now' }));
    await waitFor(() => expect(within(card).getByLabelText('Publish token').textContent).toMatch(/^rotated-token-/));
    expect(bridge.callsTo('token:rotate')).toHaveLength(1);
  });

  it('rejects an upstream URL that is not ws:// with the shared schema message, then adds a valid one', async () => {
    const { bridge, user } = renderApp(new FakeBridge(), 'connections');
    const f = within(upstreamForm());
    await user.type(f.getByLabelText('Name'), 'eu-west');
    await user.type(f.getByLabelText('WebSocket URL'), 'http://example.com/ws');
    await user.click(f.getByRole('button', { name: 'Add upstream' }));
    expect(f.getByText('must be a ws:// or wss:// URL')).toBeTruthy();
    expect(bridge.callsTo('upstreams:add')).toHaveLength(0);

    await user.clear(f.getByLabelText('WebSocket URL'));
    await user.type(f.getByLabelText('WebSocket URL'), 'ws://127.0.0.1:9100/ws');
    await user.type(f.getByLabelText(/^Token/), 'secret');
    await user.click(f.getByRole('button', { name: 'Add upstream' }));
    await waitFor(() => expect(bridge.callsTo('upstreams:add')).toEqual([
      { name: 'eu-west', url: 'ws://127.0.0.1:9100/ws', enabled: true, filters: {}, token: 'secret' },
    ]));
    const row = (await screen.findByRole('rowheader', { name: 'eu-west' })).closest('tr')!;
    expect(within(row).getByText('connecting')).toBeTruthy();
  });

  it('shows live upstream state, next retry and replay support from pushes', async () => {
    const bridge = new FakeBridge();
    bridge.data.upstreams = [makeUpstream('u1', { name: 'rust-prod' })];
    const { stores } = renderApp(bridge, 'connections');
    const row = (await screen.findByRole('rowheader', { name: 'rust-prod' })).closest('tr')!;
    expect(within(row).getByText('Unknown')).toBeTruthy();
    act(() => {
      bridge.emit('push:upstreams', { upstreams: [makeUpstream('u1', { name: 'rust-prod', state: 'backoff', nextRetryAt: at(30), lastError: 'ECONNREFUSED', replaySupported: false })] });
      stores.ui.getState().tick(Date.parse(at(26)));
    });
    expect(within(row).getByText('backoff')).toBeTruthy();
    expect(within(row).getByText('in 4s')).toBeTruthy();
    expect(within(row).getByText('ECONNREFUSED')).toBeTruthy();
    expect(within(row).getByText('No')).toBeTruthy();
    act(() => bridge.emit('push:upstreams', { upstreams: [makeUpstream('u1', { name: 'rust-prod', state: 'connected', replaySupported: true, eventsReceived: 7 })] }));
    expect(within(row).getByText('connected')).toBeTruthy();
    expect(within(row).getByText('Yes')).toBeTruthy();
    expect(within(screen.getByRole('contentinfo', { name: 'Status' })).getByText('1/1')).toBeTruthy();
  });

  it('shows a lagging upstream with how far behind it is, and connected again once caught up', async () => {
    const bridge = new FakeBridge();
    bridge.data.upstreams = [makeUpstream('u1', { name: 'central', state: 'connected' })];
    renderApp(bridge, 'connections');
    const row = (await screen.findByRole('rowheader', { name: 'central' })).closest('tr')!;
    act(() => bridge.emit('push:upstreams', { upstreams: [makeUpstream('u1', { name: 'central', state: 'lagging', lagSeconds: 42.4 })] }));
    expect(within(row).getByText('lagging 42 s').className).toContain('upstream-lagging');
    act(() => bridge.emit('push:upstreams', { upstreams: [makeUpstream('u1', { name: 'central', state: 'connected', lagSeconds: 0 })] }));
    expect(within(row).getByText('connected')).toBeTruthy();
  });

  it('shows what the reconcile and the gap marks did for an upstream once either happened', async () => {
    const bridge = new FakeBridge();
    bridge.data.upstreams = [makeUpstream('u1', { name: 'rust-prod', state: 'connected', reconciled: 0, gapMarks: 0 })];
    renderApp(bridge, 'connections');
    const row = (await screen.findByRole('rowheader', { name: 'rust-prod' })).closest('tr')!;
    expect(within(row).queryByText(/Reconciled:/)).toBeNull();
    act(() => bridge.emit('push:upstreams', { upstreams: [makeUpstream('u1', { name: 'rust-prod', state: 'connected', reconciled: 2, gapMarks: 1 })] }));
    expect(within(row).getByText('Reconciled: 2 · Gap marks: 1')).toBeTruthy();
  });

  it('edits an upstream keeping its token, and removes one after confirmation', async () => {
    const bridge = new FakeBridge();
    bridge.data.upstreams = [makeUpstream('u1', { name: 'old-name', hasToken: true })];
    const { user } = renderApp(bridge, 'connections');
    await user.click(await screen.findByRole('button', { name: 'Edit old-name' }));
    const f = within(upstreamForm());
    expect(f.getByLabelText('Token (leave blank to keep the stored one)')).toBeTruthy();
    await user.clear(f.getByLabelText('Name'));
    await user.type(f.getByLabelText('Name'), 'new-name');
    await user.click(f.getByRole('button', { name: 'Save upstream' }));
    await screen.findByRole('rowheader', { name: 'new-name' });
    expect(bridge.callsTo('upstreams:update')[0]).not.toHaveProperty('token');

    await user.click(screen.getByRole('button', { name: 'Remove new-name' }));
    await user.click(screen.getByRole('button', { name: 'Remove “new-name”' }));
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: 'new-name' })).toBeNull());
    expect(bridge.callsTo('upstreams:remove')).toEqual([{ id: 'u1' }]);
  });
});

describe('upstream token protection', () => {
  it('says per upstream where its token is kept, and that a sealed one waits for a locked keychain (not "no token")', async () => {
    const bridge = new FakeBridge();
    bridge.data.upstreams = [
      makeUpstream('u1', { name: 'sealed', hasToken: true, tokenStorage: 'keychain' }),
      makeUpstream('u2', { name: 'waiting', hasToken: true, tokenStorage: 'keychain-locked' }),
      makeUpstream('u3', { name: 'filed', hasToken: true, tokenStorage: 'file' }),
      makeUpstream('u4', { name: 'open', hasToken: false, tokenStorage: null }),
    ];
    const { user } = renderApp(bridge, 'connections');
    const tokenCell = async (name: string): Promise<string | null> => {
      const row = (await screen.findByRole('rowheader', { name })).closest('tr')!;
      const column = [...screen.getAllByRole('columnheader')].findIndex((h) => h.textContent === 'Token');
      return row.children[column]!.textContent;
    };
    expect(await tokenCell('sealed')).toBe('OS keychain');
    expect(await tokenCell('waiting')).toBe('Waiting for the OS keychain');
    expect(await tokenCell('filed')).toBe('File (your user only)');
    expect(await tokenCell('open')).toBe('None');

    await user.click(screen.getByRole('button', { name: 'Edit waiting' }));
    const f = within(upstreamForm());
    expect(f.getByRole('status').textContent).toMatch(/sealed in the OS keychain, which is not open yet/);
    expect(f.getByLabelText('Token (leave blank to keep the stored one)')).toBeTruthy();
  });
});

describe('publish token protection', () => {
  it('says where the token is kept: keychain, or a file when there is no keychain', async () => {
    const bridge = new FakeBridge();
    bridge.data.status = { ...bridge.data.status, tokenStorage: 'file' };
    renderApp(bridge, 'connections');
    const card = localServer();
    await waitFor(() => expect(within(card).getByText('Token storage').nextElementSibling?.textContent).toBe('File readable by your user only (no OS keychain)'));
    expect(within(card).queryByRole('alert')).toBeNull();
  });

  it('shows the wait for a locked keychain, and clears it once the keychain opened', async () => {
    const bridge = new FakeBridge();
    bridge.data.status = { ...bridge.data.status, tokenStorage: 'keychain-locked' };
    const { user } = renderApp(bridge, 'connections');
    const card = localServer();
    expect((await within(card).findByRole('alert')).textContent).toContain('waits for the keychain');
    bridge.data.status = { ...bridge.data.status, tokenStorage: 'keychain' };
    await user.click(within(card).getByRole('button', { name: 'Check again' }));
    await waitFor(() => expect(within(card).queryByRole('alert')).toBeNull());
    expect(within(card).getByText('Token storage').nextElementSibling?.textContent).toBe('OS keychain');
  });

  it('reveals the desktop\'s read-only token with the publish token, for tools that only read, and copies it', async () => {
    const writeText = vi.fn(async (_text: string) => undefined);
    const bridge = new FakeBridge();
    bridge.data.readToken = 'read-only-token-0123456789abcdef';
    const { user } = renderApp(bridge, 'connections');
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const card = localServer();
    expect(within(card).queryByText('read-only-token-0123456789abcdef')).toBeNull();
    await user.click(within(card).getByRole('button', { name: 'Reveal' }));
    expect(await within(card).findByText('read-only-token-0123456789abcdef')).toBeTruthy();
    await user.click(within(card).getByRole('button', { name: 'Copy read-only token' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('read-only-token-0123456789abcdef'));
    await user.click(within(card).getByRole('button', { name: 'Hide' }));
    expect(within(card).queryByText('read-only-token-0123456789abcdef')).toBeNull();
  });
});
