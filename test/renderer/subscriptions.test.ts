// @vitest-environment jsdom
// Subscriptions: list with matched counts and notify switches; the form's seven filter fields, presets and inline schema messages.
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BridgeError } from '../../src-shared/bridge/index.js';
import { FakeBridge } from './support/fake-bridge.js';
import { makeSubscription, uuid } from './support/factories.js';
import { cleanupApp, renderApp } from './support/render-app.js';

afterEach(cleanupApp);

const form = (): HTMLElement => screen.getByRole('form', { name: /New subscription|Edit/ });

describe('subscriptions view', () => {
  it('lists subscriptions with their matched counts, updated by pushes', async () => {
    const bridge = new FakeBridge();
    bridge.data.subscriptions = [makeSubscription('s1', 'Critical', { severities: ['P0', 'P1'] }, 12)];
    renderApp(bridge, 'subscriptions');
    const row = (await screen.findByRole('rowheader', { name: 'Critical' })).closest('tr')!;
    expect(within(row).getByText('P0, P1')).toBeTruthy();
    expect(within(row).getByLabelText('12 matched events')).toBeTruthy();
    act(() => bridge.emit('push:subscriptions', { subscriptions: [makeSubscription('s1', 'Critical', { severities: ['P0', 'P1'] }, 13)] }));
    expect(within(row).getByLabelText('13 matched events')).toBeTruthy();
  });

  it('shows the shared schema message inline for an invalid incident id and saves nothing', async () => {
    const { bridge, user } = renderApp(new FakeBridge(), 'subscriptions');
    await user.type(within(form()).getByLabelText('Name'), 'One incident');
    await user.type(within(form()).getByLabelText('Incident ids'), 'not-a-uuid{Enter}');
    await user.click(within(form()).getByRole('button', { name: 'Create subscription' }));

    const field = within(form()).getByLabelText('Incident ids');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(field.getAttribute('aria-describedby')!)?.textContent).toBe('"not-a-uuid": must be a UUID');
    expect(document.activeElement).toBe(field);
    expect(within(form()).getByRole('alert').textContent).toMatch(/Nothing was saved/);
    expect(bridge.callsTo('subscriptions:create')).toHaveLength(0);
  });

  it('requires a name, with the shared schema message', async () => {
    const { bridge, user } = renderApp(new FakeBridge(), 'subscriptions');
    await user.click(within(form()).getByRole('button', { name: 'Create subscription' }));
    expect(within(form()).getByText('give the subscription a name')).toBeTruthy();
    expect(bridge.callsTo('subscriptions:create')).toHaveLength(0);
  });

  it('creates a subscription from all seven filter fields', async () => {
    const { bridge, user } = renderApp(new FakeBridge(), 'subscriptions');
    const f = within(form());
    await user.type(f.getByLabelText('Name'), 'Payments on fire');
    await user.click(within(f.getByRole('group', { name: /Severities/ })).getByLabelText(/^P1/));
    await user.click(within(f.getByRole('group', { name: /States/ })).getByLabelText('Investigating'));
    await user.click(within(f.getByRole('group', { name: /Event types/ })).getByLabelText('incident created'));
    await user.type(f.getByLabelText('Sources'), 'prometheus, alertmanager{Enter}');
    await user.type(f.getByLabelText('Affected resources'), 'checkout-api');
    await user.type(f.getByLabelText('Incident ids'), `${uuid(3)}{Enter}`);
    await user.click(f.getByRole('button', { name: 'Add label' }));
    await user.type(f.getByLabelText('Label 1 key'), 'team');
    await user.type(f.getByLabelText('Label 1 value'), 'payments');
    await user.click(f.getByLabelText(/Notify me/));
    await user.click(f.getByRole('button', { name: 'Create subscription' }));

    await waitFor(() => expect(bridge.callsTo('subscriptions:create')).toHaveLength(1));
    expect(bridge.callsTo('subscriptions:create')[0]).toEqual({
      name: 'Payments on fire',
      notify: false,
      filters: {
        severities: ['P1'], states: ['Investigating'], event_types: ['incident_created'], sources: ['prometheus', 'alertmanager'],
        affected_resources: ['checkout-api'], incident_ids: [uuid(3)], labels: { team: 'payments' },
      },
    });
    expect(await screen.findByRole('rowheader', { name: 'Payments on fire' })).toBeTruthy();
    expect(within(form()).getByRole('status').textContent).toBe('Saved “Payments on fire”.');
  });

  it('fills the form from the presets', async () => {
    const { bridge, user } = renderApp(new FakeBridge(), 'subscriptions');
    await user.click(within(form()).getByRole('button', { name: 'Critical: P0/P1' }));
    expect((within(form()).getByLabelText('Name') as HTMLInputElement).value).toBe('Critical: P0/P1');
    const sev = within(within(form()).getByRole('group', { name: /Severities/ }));
    expect(sev.getAllByRole('checkbox').filter((c) => (c as HTMLInputElement).checked).map((c) => c.parentElement?.textContent))
      .toEqual(['P0 critical', 'P1 high']);
    await user.click(within(form()).getByRole('button', { name: 'Everything' }));
    expect(sev.getAllByRole('checkbox').some((c) => (c as HTMLInputElement).checked)).toBe(false);
    await user.click(within(form()).getByRole('button', { name: 'Create subscription' }));
    await waitFor(() => expect(bridge.callsTo('subscriptions:create')).toEqual([{ name: 'Critical: P0/P1', notify: true, filters: {} }]));
  });

  it('places a refusal from the server on the field it names', async () => {
    const bridge = new FakeBridge();
    bridge.failNext('subscriptions:create', new BridgeError('invalid_message', 'filters.sources.0: at most 256 characters'));
    const { user } = renderApp(bridge, 'subscriptions');
    await user.type(within(form()).getByLabelText('Name'), 'x');
    await user.type(within(form()).getByLabelText('Sources'), 'weird{Enter}');
    await user.click(within(form()).getByRole('button', { name: 'Create subscription' }));
    expect(await within(form()).findByText('"weird": at most 256 characters')).toBeTruthy();
  });

  it('toggles notifications per subscription and edits and deletes one', async () => {
    const bridge = new FakeBridge();
    bridge.data.subscriptions = [makeSubscription('s1', 'Everything', {}, 3)];
    const { user } = renderApp(bridge, 'subscriptions');
    const toggle = await screen.findByRole('switch', { name: 'Notifications for Everything' });
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    await user.click(toggle);
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('false'));
    expect(bridge.callsTo('subscriptions:update')).toEqual([{ id: 's1', notify: false }]);

    await user.click(screen.getByRole('button', { name: 'Edit Everything' }));
    const edit = screen.getByRole('form', { name: 'Edit “Everything”' });
    await user.click(within(within(edit).getByRole('group', { name: /Severities/ })).getByLabelText(/^P0/));
    await user.click(within(edit).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.getByText('P0')).toBeTruthy());

    await user.click(screen.getByRole('button', { name: 'Delete Everything' }));
    await user.click(screen.getByRole('button', { name: 'Delete “Everything”' }));
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: 'Everything' })).toBeNull());
    expect(bridge.callsTo('subscriptions:delete')).toEqual([{ id: 's1' }]);
  });
});
