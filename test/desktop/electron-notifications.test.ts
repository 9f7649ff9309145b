// The Electron notification sink: plain text, urgency, click opens the incident, buttons on macOS drive the driver.
import { describe, expect, it, vi } from 'vitest';
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import type { NotificationActivation } from '../../src-main/notify/index.js';
import { incident as fixtureIncident } from '../support/fixtures.js';
import { startNotifications } from '../../src-main/notify/index.js';
import { createElectronSink } from '../../src-main/desktop/notify/electron-notification-sink.js';
import { desktopNotificationOptions, MACOS_CRITICAL_SOUND } from '../../src-main/desktop/notify/notification-options.js';
import { FakeNotifications } from './support/fake-electron.js';

const ID = '3f2b8c1e-9a4d-4e7b-8c2a-1d5e6f7a8b9c';

describe('the Electron notification sink', () => {
  it('shows sanitised plain text; critical ones stay until dismissed', async () => {
    const notifications = new FakeNotifications();
    const sink = createElectronSink({ notifications, platform: 'linux' });
    await sink.show({ title: 'P0 <b>DB</b>\u202Edown', body: 'line1\nline2', urgency: 'critical', incidentId: ID, actions: ['acknowledge', 'snooze_1h'] });
    const n = notifications.made[0]!;
    expect(n.shown).toBe(true);
    expect(n.options).toEqual({ title: 'P0 \u2039b\u203ADB\u2039/b\u203Adown', body: 'line1\nline2', urgency: 'critical', silent: false, timeoutType: 'never' });
  });

  it('turns a click into an `open` activation for that incident', async () => {
    const notifications = new FakeNotifications();
    const sink = createElectronSink({ notifications, platform: 'linux' });
    const seen: NotificationActivation[] = [];
    sink.onActivation!((a) => seen.push(a));
    await sink.show({ title: 't', body: 'b', urgency: 'normal', incidentId: ID });
    await sink.show({ title: 'summary', body: 'b', urgency: 'normal' });
    notifications.made[0]!.emit('click', {});
    notifications.made[1]!.emit('click', {});
    expect(seen).toEqual([{ action: 'open', incidentId: ID }]);
    expect(sink.liveCount()).toBe(0);
  });

  it('offers Acknowledge and Snooze 1 h on macOS; Acknowledge makes the driver publish the acknowledgement', async () => {
    const notifications = new FakeNotifications();
    const sink = createElectronSink({ notifications, platform: 'darwin' });
    const published: IncidentEvent[] = [];
    const incident = { ...fixtureIncident(), id: ID, state: 'Detected' as const, severity: 'P0' as const };
    const driver = startNotifications({
      onEvent: () => () => undefined, sink, localUser: 'oncall',
      getIncident: (id) => (id === ID ? incident : undefined),
      publish: async (events) => {
        published.push(...events);
        return { messageIds: ['m-1'] };
      },
    });
    await sink.show({ title: 't', body: 'b', urgency: 'critical', incidentId: ID, actions: ['acknowledge', 'snooze_1h'] });
    const n = notifications.made[0]!;
    expect(n.options.actions).toEqual([{ type: 'button', text: 'Acknowledge' }, { type: 'button', text: 'Snooze 1 h' }]);
    n.emit('action', {}, 0);
    await vi.waitFor(() => expect(published).toHaveLength(1));
    expect(published[0]).toMatchObject({ event_type: 'incident_updated', previous_state: 'Detected', incident: { id: ID, state: 'Triaged' } });
    await driver.stop();
  });

  it('on Windows gives the buttons as toast XML (urgent scenario for a P0), not as Electron actions', async () => {
    const notifications = new FakeNotifications();
    const sink = createElectronSink({ notifications, platform: 'win32' });
    await sink.show({ title: 'P0 · db: down', body: 'b', urgency: 'critical', incidentId: ID, actions: ['acknowledge', 'snooze_1h', 'open'] });
    await sink.show({ title: 'P1 · api: slow', body: 'b', urgency: 'normal', incidentId: ID, actions: ['acknowledge'] });
    const [p0, p1] = notifications.made.map((n) => n.options);
    expect(p0?.actions).toBeUndefined();
    expect(p0?.toastXml).toMatch(/^<toast scenario="urgent" launch="open:[^"]+".*<action content="Acknowledge" arguments="acknowledge:/);
    expect(p1?.toastXml).not.toContain('scenario=');
    expect(p1?.silent).toBe(false);
  });

  it('probes the channel with isSupported()', async () => {
    expect(await createElectronSink({ notifications: new FakeNotifications(), platform: 'linux' }).probe()).toEqual({ ok: true });
    expect(await createElectronSink({ notifications: new FakeNotifications(false), platform: 'linux' }).probe())
      .toMatchObject({ ok: false, cause: expect.stringMatching(/not supported/), fix: expect.stringMatching(/notification daemon/) });
  });

  it('rejects when the system has no notifications, and reports Windows failures', async () => {
    const errors: unknown[] = [];
    await expect(createElectronSink({ notifications: new FakeNotifications(false), platform: 'linux' }).show({ title: 't', body: 'b', urgency: 'normal' }))
      .rejects.toThrow(/notification daemon/);
    const notifications = new FakeNotifications();
    const sink = createElectronSink({ notifications, platform: 'win32', onError: (e) => errors.push(e) });
    await sink.show({ title: 't', body: 'b', urgency: 'normal' });
    notifications.made[0]!.emit('failed', {}, 'toast failed');
    expect(String(errors[0])).toMatch(/toast failed/);
    expect(sink.liveCount()).toBe(0);
  });
});

describe('notification options per severity and platform (issue 17)', () => {
  const message = (urgency: 'critical' | 'normal' | 'low') => ({
    title: 'P0 · db: down', body: 'b', urgency, incidentId: ID, actions: ['acknowledge', 'snooze_1h', 'open'] as const,
  });
  const chosen = (platform: NodeJS.Platform, urgency: 'critical' | 'normal' | 'low') => {
    const o = desktopNotificationOptions({ ...message(urgency), actions: [...message(urgency).actions] }, platform);
    return {
      urgency: o.urgency, silent: o.silent, timeoutType: o.timeoutType, sound: o.sound,
      buttons: o.actions?.map((a) => a.text), toast: o.toastXml ? /scenario="urgent"/.test(o.toastXml) ? 'urgent' : 'plain' : undefined,
    };
  };

  it('Linux: critical stays until acted on, normal has the default sound, low is silent; no buttons', () => {
    expect(chosen('linux', 'critical')).toEqual({ urgency: 'critical', silent: false, timeoutType: 'never', sound: undefined, buttons: undefined, toast: undefined });
    expect(chosen('linux', 'normal')).toEqual({ urgency: 'normal', silent: false, timeoutType: 'default', sound: undefined, buttons: undefined, toast: undefined });
    expect(chosen('linux', 'low')).toEqual({ urgency: 'low', silent: true, timeoutType: 'default', sound: undefined, buttons: undefined, toast: undefined });
  });

  it('macOS (no time-sensitive level in Electron 45): the alarm sound for critical, the default sound for normal, buttons', () => {
    const buttons = ['Acknowledge', 'Snooze 1 h', 'Open'];
    expect(chosen('darwin', 'critical')).toEqual({ urgency: 'critical', silent: false, timeoutType: 'never', sound: MACOS_CRITICAL_SOUND, buttons, toast: undefined });
    expect(chosen('darwin', 'normal')).toEqual({ urgency: 'normal', silent: false, timeoutType: 'default', sound: undefined, buttons, toast: undefined });
    expect(chosen('darwin', 'low')).toEqual({ urgency: 'low', silent: true, timeoutType: 'default', sound: undefined, buttons, toast: undefined });
  });

  it('Windows: the toast XML, urgent for critical; buttons live in the XML', () => {
    expect(chosen('win32', 'critical')).toMatchObject({ timeoutType: 'never', sound: undefined, buttons: undefined, toast: 'urgent' });
    expect(chosen('win32', 'normal')).toMatchObject({ silent: false, buttons: undefined, toast: 'plain' });
    expect(chosen('win32', 'low')).toMatchObject({ silent: true, buttons: undefined, toast: 'plain' });
  });
});

describe('Windows toast activations (issue 17)', () => {
  it('turns toast buttons and body clicks (Notification.handleActivation) into acknowledge, snooze and open, once each', async () => {
    const notifications = new FakeNotifications();
    const sink = createElectronSink({ notifications, platform: 'win32' });
    const published: IncidentEvent[] = [];
    const incident = { ...fixtureIncident(), id: ID, state: 'Detected' as const, severity: 'P0' as const };
    const driver = startNotifications({
      onEvent: () => () => undefined, sink, localUser: 'oncall',
      getIncident: (id) => (id === ID ? incident : undefined),
      publish: async (events) => {
        published.push(...events);
        return { messageIds: ['m-1'] };
      },
    });
    const seen: NotificationActivation[] = [];
    sink.onActivation!((a) => seen.push(a));
    await sink.show({ title: 'P0 · db: down', body: 'b', urgency: 'critical', incidentId: ID, actions: ['acknowledge', 'snooze_1h', 'open'] });
    const toast = notifications.made[0]!;
    const args = [...toast.options.toastXml!.matchAll(/arguments="([^"]+)"/g)].map((m) => m[1]!);
    expect(args).toEqual([`acknowledge:${ID}`, `snooze_1h:${ID}`, `open:${ID}`]);

    // Electron also emits the instance events for the same click: they must not act a second time.
    toast.emit('click', {});
    toast.emit('action', { actionIndex: 0 }, 0);
    notifications.activate({ type: 'action', arguments: args[0]! });
    notifications.activate({ type: 'action', arguments: args[1]! });
    notifications.activate({ type: 'click', arguments: `open:${ID}` });
    expect(seen).toEqual([{ action: 'acknowledge', incidentId: ID }, { action: 'snooze_1h', incidentId: ID }, { action: 'open', incidentId: ID }]);
    await vi.waitFor(() => expect(published).toHaveLength(1));
    expect(published[0]).toMatchObject({ event_type: 'incident_updated', incident: { id: ID, state: 'Triaged' } });
    expect(driver.status().snoozes.incidents.map((s) => s.incidentId)).toEqual([ID]);
    await driver.stop();
  });

  it('reports an activation it cannot read, and acts on nothing', () => {
    const notifications = new FakeNotifications();
    const errors: unknown[] = [];
    const sink = createElectronSink({ notifications, platform: 'win32', onError: (e) => errors.push(e) });
    const seen: NotificationActivation[] = [];
    sink.onActivation!((a) => seen.push(a));
    notifications.activate({ type: 'click', arguments: 'rm -rf /' });
    expect(seen).toEqual([]);
    expect(String(errors[0])).toMatch(/unknown toast activation \(click\): rm -rf/);
  });
});
