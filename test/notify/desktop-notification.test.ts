// Real desktop notifications on Linux: Xvfb + session D-Bus + dunst, read back with `dunstctl history`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHeadlessSink, createNodeNotifierSink, sendTestNotification, startNotifications,
} from '../../src-main/notify/index.js';
import { created, entry, incident } from './support/fixtures.js';
import { EventFeed } from './support/recording.js';
import { startDesktopSession, type DesktopSession } from './support/desktop-session.js';

let session: DesktopSession | undefined;
beforeAll(async () => {
  session = await startDesktopSession();
});
afterAll(async () => {
  await session?.stop();
});

const desktop = (): DesktopSession => {
  if (!session) throw new Error('desktop session did not start');
  return session;
};

describe('headless notifications on a Linux desktop (dunst)', () => {
  it('notify-test shows exactly the sample notification', async () => {
    const s = desktop();
    const sample = await sendTestNotification(createHeadlessSink({ env: s.env }));
    expect(await s.takeHistory()).toEqual([
      expect.objectContaining({ appname: 'Incident Relay', summary: sample.title, body: sample.body, urgency: 'normal' }),
    ]);
  });

  it('a P0 and a P3 through the driver give exactly one notification, critical, for the P0', async () => {
    const s = desktop();
    const feed = new EventFeed();
    const notifications = startNotifications({ onEvent: feed.onEvent, sink: createHeadlessSink({ env: s.env }) });
    try {
      feed.emit(entry(created(incident({ severity: 'P3', title: 'Log volume high' }))));
      feed.emit(entry(created(incident({ severity: 'P0', title: 'Checkout unavailable', affected_resources: ['checkout'] }))));
      await notifications.idle();
    } finally {
      await notifications.stop();
    }
    const shown = await s.takeHistory();
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ summary: 'P0 · checkout: Checkout unavailable', urgency: 'critical', appname: 'Incident Relay' });
    expect(shown[0]?.body).toContain('checkout');
  });

  it('maps P1 to normal and P3 to low urgency', async () => {
    const s = desktop();
    const sink = createHeadlessSink({ env: s.env });
    await sink.show({ title: 'P1 thing', body: 'b', urgency: 'normal' });
    await sink.show({ title: 'P3 thing', body: 'b', urgency: 'low' });
    expect((await s.takeHistory()).map((n) => [n.summary, n.urgency])).toEqual([['P1 thing', 'normal'], ['P3 thing', 'low']]);
  });

  it('the node-notifier adapter reaches the same daemon with critical urgency', async () => {
    const s = desktop();
    const saved = { DISPLAY: process.env.DISPLAY, DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS };
    Object.assign(process.env, { DISPLAY: s.env.DISPLAY, DBUS_SESSION_BUS_ADDRESS: s.env.DBUS_SESSION_BUS_ADDRESS });
    try {
      await createNodeNotifierSink().show({ title: 'P0 incident: via node-notifier', body: 'db-1', urgency: 'critical' });
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    expect(await s.takeHistory()).toEqual([expect.objectContaining({ summary: 'P0 incident: via node-notifier', body: 'db-1', urgency: 'critical' })]);
  });
});
