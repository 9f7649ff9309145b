// @vitest-environment jsdom
// Board selection and bulk actions over a fake bridge: x, shift-click ranges that check and uncheck, search-limited
// "select all visible", and a failure that is listed while the rest is done.
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BridgeError } from '../../src-shared/bridge/index.js';
import { FakeBridge } from './support/fake-bridge.js';
import { at, makeIncident, makeSummary } from './support/factories.js';
import { cleanupApp, renderApp } from './support/render-app.js';

afterEach(cleanupApp);

function bridgeWithFour(): FakeBridge {
  const bridge = new FakeBridge();
  for (const n of [1, 2, 3, 4]) bridge.addIncident(makeSummary(makeIncident(n, { severity: 'P1', title: `Outage ${n}`, created_at: at(10 * n) })));
  return bridge;
}

const box = (title: string) => screen.getByRole<HTMLInputElement>('checkbox', { name: `Select ${title}` });
const bar = () => screen.getByRole('group', { name: 'Bulk actions' });
/** The board's rows (the board's selects have options too). */
const boardRows = (): HTMLElement[] => within(screen.getByRole('listbox', { name: /^Incidents/ })).getAllByRole('option');

describe('bulk selection on the board', () => {
  it('x checks the selected row; shift-click sets a range, and unsets it from an unchecked row', async () => {
    const { user, stores } = renderApp(bridgeWithFour());
    await waitFor(() => expect(boardRows()).toHaveLength(4));
    // Oldest first: Outage 1, 2, 3, 4.
    act(() => stores.incidents.getState().moveSelection(1));
    await user.keyboard('x');
    expect(box('Outage 1').checked).toBe(true);
    await user.keyboard('{Shift>}');
    await user.click(box('Outage 3'));
    await user.keyboard('{/Shift}');
    expect(['Outage 1', 'Outage 2', 'Outage 3', 'Outage 4'].map((t) => box(t).checked)).toEqual([true, true, true, false]);
    within(bar()).getByText('3 selected');
    await user.click(box('Outage 2'));
    await user.keyboard('{Shift>}');
    await user.click(box('Outage 1'));
    await user.keyboard('{/Shift}');
    expect(['Outage 1', 'Outage 2', 'Outage 3'].map((t) => box(t).checked)).toEqual([false, false, true]);
    // A checkbox click opens nothing.
    expect(screen.queryByRole('heading', { name: /Outage/ })).toBeNull();
  });

  // Bulk actions go in board order (oldest first): Outage 1 is acknowledged first, and fails.
  it('select all visible takes only the rows the search leaves; a failure is listed and stays checked', async () => {
    const bridge = bridgeWithFour();
    const { user } = renderApp(bridge);
    await waitFor(() => expect(boardRows()).toHaveLength(4));
    await user.type(screen.getByRole('searchbox', { name: 'Search incidents' }), 'Outage 3');
    await waitFor(() => expect(boardRows()).toHaveLength(1));
    await user.click(within(bar()).getByRole('checkbox', { name: 'Select all visible' }));
    await user.clear(screen.getByRole('searchbox', { name: 'Search incidents' }));
    await waitFor(() => expect(boardRows()).toHaveLength(4));
    within(bar()).getByText('1 selected');
    await user.click(box('Outage 1'));

    bridge.failNext('incidents:acknowledge', new BridgeError('conflict', 'upstream "central" refused it (HTTP 403)'));
    await user.click(within(bar()).getByRole('button', { name: 'Acknowledge selected' }));
    await within(bar()).findByText('Acknowledged 1 of 2.');
    const failed = within(bar()).getByRole('list', { name: 'Failed incidents' });
    expect(failed.textContent).toBe('Outage 1: upstream "central" refused it (HTTP 403)');
    expect(bridge.callsTo('incidents:acknowledge')).toHaveLength(2);
    expect(box('Outage 1').checked).toBe(true);
    expect(box('Outage 3').checked).toBe(false);
    within(bar()).getByText('1 selected');
  });
});
