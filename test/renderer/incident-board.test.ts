// @vitest-environment jsdom
// Incidents board: order, severity and acknowledgement marks, live age, detail with every field and timeline, j/k/Enter/a/s.
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BridgeError } from '../../src-shared/bridge/index.js';
import { FakeBridge } from './support/fake-bridge.js';
import { at, commentEvent, createdEvent, makeFeedEvent, makeIncident, makeSummary, uuid } from './support/factories.js';
import { cleanupApp, renderApp } from './support/render-app.js';

afterEach(cleanupApp);

/** The board's rows (the board's selects have options too). */
const boardRows = (): HTMLElement[] => within(screen.getByRole('listbox', { name: /^Incidents/ })).getAllByRole('option');

function bridgeWithIncidents(): FakeBridge {
  const bridge = new FakeBridge();
  bridge.addIncident(makeSummary(makeIncident(1, { severity: 'P2', title: 'Old P2', created_at: at(10) })));
  bridge.addIncident(makeSummary(makeIncident(2, { severity: 'P0', title: 'Older P0', created_at: at(20) })));
  bridge.addIncident(makeSummary(makeIncident(3, { severity: 'P0', title: 'Newer P0', created_at: at(30), labels: { team: 'payments', region: 'eu' }, affected_resources: ['checkout-api', 'db-1'], source: 'alertmanager' }), { acknowledgedAt: at(40), acknowledgedBy: 'bob' }));
  bridge.addIncident(makeSummary(makeIncident(4, { severity: 'P1', title: 'A P1' })));
  bridge.addIncident(makeSummary(makeIncident(5, { severity: 'P0', title: 'Already resolved', state: 'Resolved' })));
  return bridge;
}

const rowTitles = (): string[] => boardRows().map((o) => o.querySelector('.title-text')?.textContent ?? '');
const selectedTitle = (): string | undefined =>
  boardRows().find((o) => o.getAttribute('aria-selected') === 'true')?.querySelector('.title-text')?.textContent ?? undefined;

describe('incidents board', () => {
  it('lists active incidents by severity, oldest first within a severity, with colour, state, source, resources and labels', async () => {
    renderApp(bridgeWithIncidents());
    await waitFor(() => expect(boardRows()).toHaveLength(4));
    expect(rowTitles()).toEqual(['Older P0', 'Newer P0', 'A P1', 'Old P2']);
    const row = boardRows()[1]!;
    expect(row.querySelector('.sev')?.className).toContain('sev-P0');
    expect(row.textContent).toContain('Detected');
    expect(row.textContent).toContain('alertmanager');
    expect(row.textContent).toContain('checkout-api, db-1');
    expect(within(row).getByText('region=eu')).toBeTruthy();
    expect(within(row).getByText('team=payments')).toBeTruthy();
  });

  it('marks only the unacknowledged incidents', async () => {
    renderApp(bridgeWithIncidents());
    await waitFor(() => expect(boardRows()).toHaveLength(4));
    const [unacked, acked] = boardRows();
    expect(within(acked!).queryByRole('img', { name: 'Unacknowledged' })).toBeNull();
    expect(within(unacked!).getByRole('img', { name: 'Unacknowledged' })).toBeTruthy();
  });

  it('ticks the age of every row with the shared clock', async () => {
    const { stores } = renderApp(bridgeWithIncidents());
    await waitFor(() => expect(boardRows()).toHaveLength(4));
    const ageOf = (): string => boardRows()[0]!.querySelector('time')?.textContent ?? '';
    act(() => stores.ui.getState().tick(Date.parse(at(20)) + 65_000));
    expect(ageOf()).toBe('1m 05s');
    act(() => stores.ui.getState().tick(Date.parse(at(20)) + 3 * 3_600_000 + 7 * 60_000));
    expect(ageOf()).toBe('3h 07m');
  });

  it('moves with j/k, opens with Enter, shows every field and the event timeline', async () => {
    const bridge = bridgeWithIncidents();
    const older = makeIncident(2, { severity: 'P0', title: 'Older P0', created_at: at(20), fingerprint: 'fp-123', correlation_score: 0.75 });
    bridge.addIncident(makeSummary(older, { eventCount: 2 }), [
      makeFeedEvent(createdEvent(older)), makeFeedEvent(commentEvent(uuid(2), 'looking into it')),
    ]);
    const { user } = renderApp(bridge);
    await waitFor(() => expect(boardRows()).toHaveLength(4));
    await user.keyboard('j');
    expect(selectedTitle()).toBe('Older P0');
    await user.keyboard('jjjj');
    expect(selectedTitle()).toBe('Old P2');
    await user.keyboard('kk');
    expect(selectedTitle()).toBe('Newer P0');
    await user.keyboard('k');
    expect(selectedTitle()).toBe('Older P0');
    await user.keyboard('{Enter}');

    const pane = await screen.findByRole('complementary', { name: 'Older P0' });
    await within(pane).findByText('alice: looking into it');
    for (const label of ['Id', 'Severity', 'State', 'Type', 'Source', 'Created', 'Updated', 'Description', 'Affected resources',
      'Labels', 'Assignees', 'Fingerprint', 'Correlation score', 'Acknowledged', 'Snoozed until']) {
      expect(within(pane).getByText(label, { selector: 'dt' })).toBeTruthy();
    }
    expect(within(pane).getByText(uuid(2))).toBeTruthy();
    expect(within(pane).getByText('fp-123')).toBeTruthy();
    expect(within(pane).getByText('0.75')).toBeTruthy();
    const timeline = within(pane).getByRole('list', { name: 'Event timeline' });
    expect(within(timeline).getAllByRole('listitem').map((li) => li.querySelector('.event-type')?.textContent))
      .toEqual(['incident created', 'comment added']);
  });

  it('acknowledges with a and snoozes with s for the default snooze length', async () => {
    const bridge = bridgeWithIncidents();
    bridge.data.settings = { ...bridge.data.settings, notifications: { ...bridge.data.settings.notifications, defaultSnoozeMinutes: 30 } };
    const { user } = renderApp(bridge);
    await waitFor(() => expect(boardRows()).toHaveLength(4));
    await user.keyboard('j');
    expect(selectedTitle()).toBe('Older P0');
    await user.keyboard('a');
    await waitFor(() => expect(within(boardRows()[0]!).queryByRole('img', { name: 'Unacknowledged' })).toBeNull());
    expect(bridge.callsTo('incidents:acknowledge')).toEqual([{ id: uuid(2) }]);
    await user.keyboard('s');
    await waitFor(() => expect(within(boardRows()[0]!).getByText('Snoozed')).toBeTruthy());
    expect(bridge.callsTo('incidents:snooze')).toEqual([{ id: uuid(2), minutes: 30 }]);
  });

  it('resolves from the detail pane and reports a refused action', async () => {
    const bridge = bridgeWithIncidents();
    const { user } = renderApp(bridge);
    await user.click(await screen.findByText('A P1'));
    const pane = await screen.findByRole('complementary', { name: 'A P1' });
    await user.type(within(pane).getByPlaceholderText(/Resolution note/), 'restarted the pod');
    await user.click(within(pane).getByRole('button', { name: 'Resolve' }));
    await waitFor(() => expect(rowTitles()).not.toContain('A P1'));
    expect(bridge.callsTo('incidents:resolve')).toEqual([{ id: uuid(4), note: 'restarted the pod' }]);

    bridge.failNext('incidents:acknowledge', new BridgeError('forbidden', 'acknowledging needs the admin scope'));
    await user.click(screen.getByText('Old P2'));
    await user.click(await screen.findByRole('button', { name: 'Acknowledge' }));
    expect((await screen.findByRole('alert')).textContent).toBe('acknowledging needs the admin scope');
  });

  it('shows pushed incidents and resolved ones on request', async () => {
    const { bridge, user } = renderApp(bridgeWithIncidents());
    await waitFor(() => expect(boardRows()).toHaveLength(4));
    act(() => bridge.emit('push:incidents', { incidents: [makeSummary(makeIncident(9, { severity: 'P0', title: 'Fresh P0', created_at: at(99) }))] }));
    expect(rowTitles().slice(0, 3)).toEqual(['Older P0', 'Newer P0', 'Fresh P0']);
    await user.click(screen.getByRole('checkbox', { name: 'Show resolved' }));
    await waitFor(() => expect(rowTitles()).toContain('Already resolved'));
    expect(bridge.callsTo('incidents:list').at(-1)).toEqual({ includeResolved: true });
  });

  it('keeps only the rows in view of a 500-incident board in the DOM, and scrolls the selection into view', async () => {
    const bridge = new FakeBridge();
    for (let n = 1; n <= 500; n++) bridge.addIncident(makeSummary(makeIncident(n, { severity: 'P2', title: `Busy ${n}`, created_at: at(n) })));
    const { user } = renderApp(bridge);
    await waitFor(() => expect(boardRows()[0]!.getAttribute('aria-setsize')).toBe('500'));
    expect(boardRows().length).toBeLessThan(60);
    expect(rowTitles()[0]).toBe('Busy 1');

    await user.keyboard('k');
    await waitFor(() => expect(selectedTitle()).toBe('Busy 500'));
    const last = boardRows().find((o) => o.getAttribute('aria-selected') === 'true')!;
    expect(last.getAttribute('aria-posinset')).toBe('500');
    expect(screen.getByRole('listbox').getAttribute('aria-activedescendant')).toBe(last.id);
    expect(boardRows().length).toBeLessThan(60);
  });
});
