// @vitest-environment jsdom
// Settings: notification policy with inline schema messages, snoozing all notifications, test notification, theme.
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeBridge } from './support/fake-bridge.js';
import { cleanupApp, renderApp } from './support/render-app.js';

afterEach(cleanupApp);

const policy = (): HTMLElement => screen.getByRole('form', { name: 'Notification policy' });

describe('settings view', () => {
  it('saves the notification policy fields', async () => {
    const { bridge, user } = renderApp(new FakeBridge(), 'settings');
    const f = within(await screen.findByRole('form', { name: 'Notification policy' }));
    await user.click(f.getByLabelText(/Hold notifications back during quiet hours/));
    await user.clear(f.getByLabelText('Storm threshold (notifications per minute)'));
    await user.type(f.getByLabelText('Storm threshold (notifications per minute)'), '25');
    await user.clear(f.getByLabelText('Re-notify interval (minutes)'));
    await user.type(f.getByLabelText('Re-notify interval (minutes)'), '0');
    await user.click(f.getByLabelText(/P0 breaks through/));
    await user.click(f.getByRole('button', { name: 'Save policy' }));
    await waitFor(() => expect(bridge.callsTo('settings:update')).toHaveLength(1));
    expect(bridge.data.settings.notifications).toMatchObject({
      quietHours: { enabled: true, start: '22:00', end: '07:00' }, stormThreshold: 25, renotifyIntervalMinutes: 0, p0Breakthrough: false,
    });
    expect(f.getAllByRole('status').map((s) => s.textContent)).toContain('Notification policy saved.');
  });

  it('shows the schema message under an out-of-range field and saves nothing', async () => {
    const { bridge, user } = renderApp(new FakeBridge(), 'settings');
    const f = within(await screen.findByRole('form', { name: 'Notification policy' }));
    const storm = f.getByLabelText('Storm threshold (notifications per minute)');
    await user.clear(storm);
    await user.type(storm, '1');
    await user.click(f.getByRole('button', { name: 'Save policy' }));
    expect(storm.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(storm.getAttribute('aria-describedby')!)?.textContent).toBe('at least 2');
    expect(bridge.callsTo('settings:update')).toHaveLength(0);
    expect(within(policy()).getByRole('alert').textContent).toMatch(/Nothing was saved/);
  });

  it('snoozes all notifications and sends a test notification', async () => {
    const { bridge, user } = renderApp(new FakeBridge(), 'settings');
    await user.click(await screen.findByRole('button', { name: 'Snooze 1 hour' }));
    await waitFor(() => expect(bridge.data.settings.notifications.snoozedUntil).not.toBeNull());
    expect(await screen.findByText(/^Snoozed until /)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'End snooze' }));
    await waitFor(() => expect(bridge.data.settings.notifications.snoozedUntil).toBeNull());

    await user.click(screen.getByRole('button', { name: 'Send a test notification' }));
    expect(await screen.findByText('Delivered: shown by the fake')).toBeTruthy();
  });

  it('applies and saves the theme', async () => {
    const { bridge, user } = renderApp(new FakeBridge(), 'settings');
    const group = within(await screen.findByRole('group', { name: 'Theme' }));
    expect(document.documentElement.dataset.theme).toBe('system');
    await user.click(group.getByLabelText('Dark'));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    expect(bridge.data.settings.theme).toBe('dark');
    await user.click(group.getByLabelText('Light'));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('light'));
  });
});
