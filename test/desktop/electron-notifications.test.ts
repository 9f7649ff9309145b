// The Electron notification sink: plain text, urgency, click opens the incident, buttons on macOS drive the driver.
import { describe, expect, it, vi } from 'vitest';
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import type { NotificationActivation } from '../../src-main/notify/index.js';
import { incident as fixtureIncident } from '../support/fixtures.js';
import { startNotifications } from '../../src-main/notify/index.js';
import { createElectronSink } from '../../src-main/desktop/notify/electron-notification-sink.js';
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
