// The tray follows incidents and acknowledgements: count of unacknowledged P0/P1, a distinct P0 icon, top five menu.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BridgeHandlers, BridgePush, IncidentSummary, Upstream } from '../../src-shared/bridge/index.js';
import { startTray } from '../../src-main/desktop/app/tray-wiring.js';
import type { DesktopControl } from '../../src-main/desktop/control/control-port.js';
import type { SettingsStore } from '../../src-main/desktop/settings/settings-store.js';
import type { Incident, Severity } from '../../src-shared/protocol/index.js';
import { badgeText, TRAY_COLORS, type TrayLevel } from '../../src-main/desktop/icons/tray-icons.js';
import { TrayController } from '../../src-main/desktop/tray/tray-controller.js';
import type { TrayMenuActions } from '../../src-main/desktop/tray/tray-menu.js';
import { computeTrayState } from '../../src-main/desktop/tray/tray-state.js';
import { FakeLoginItems, FakeTray } from './support/fake-electron.js';
import { decodePng } from './support/png-decode.js';

let clock = Date.parse('2025-03-01T10:00:00Z');
function incident(severity: Severity, over: Partial<Incident> = {}): Incident {
  clock += 1000;
  const at = new Date(clock).toISOString();
  return {
    id: randomUUID(), created_at: at, updated_at: at, state: 'Detected', severity, incident_type: 'Application', source: 'test',
    title: `${severity} incident`, description: 'd', affected_resources: [], labels: {}, assignees: [], ...over,
  };
}

function summary(i: Incident, acknowledgedAt: string | null = null): IncidentSummary {
  return { incident: i, acknowledgedAt, acknowledgedBy: acknowledgedAt ? 'me' : null, snoozedUntil: null, lastEventAt: i.updated_at, eventCount: 1 };
}

function upstream(name: string, state: Upstream['state'], over: Partial<Upstream> = {}): Upstream {
  return {
    id: name, name, url: `wss://${name}.example/ws`, enabled: state !== 'disabled', hasToken: true, filters: {} as Upstream['filters'],
    state, lastError: null, nextRetryAt: null, replaySupported: true, connectedSince: null, lastMessageId: null, eventsReceived: 0, ...over,
  };
}

function trayUnderTest() {
  const tray = new FakeTray();
  const done: string[] = [];
  const actions: TrayMenuActions = {
    openIncident: (id) => done.push(`open ${id}`), snoozeOneHour: () => done.push('snooze'), open: () => done.push('show'),
    setStartAtLogin: (on) => done.push(`login ${on}`), quit: () => done.push('quit'),
  };
  const controller = new TrayController(tray, { actions, context: () => ({ startAtLogin: false, snoozedUntil: null }) });
  return { tray, controller, done };
}

/** The level an icon was drawn for, read from the colour of the beacon's dot. */
function iconLevel(png: Buffer): TrayLevel {
  const image = decodePng(png);
  const [r, g, b, a] = image.pixel(Math.round(32 * 0.42), Math.round(32 * 0.66));
  expect(a).toBe(255);
  const hit = (Object.entries(TRAY_COLORS) as [TrayLevel, readonly number[]][]).find(([, c]) => c[0] === r && c[1] === g && c[2] === b);
  if (!hit) throw new Error(`unexpected dot colour ${[r, g, b]}`);
  return hit[0];
}

describe('tray state', () => {
  it('counts active, unacknowledged P0 and P1 incidents only', () => {
    const list = [
      incident('P0'), incident('P1'), incident('P2'), incident('P1', { state: 'Resolved' }), incident('P0', { state: 'Investigating' }),
      incident('P1', { state: 'Triaged' }), incident('P1'),
    ];
    const acked = new Set([list[1]!.id.toLowerCase()]);
    const s = computeTrayState(list, (id) => acked.has(id));
    // The P0 and the last P1; Triaged is acknowledged (PROTOCOL 1.1), the Investigating P0 was taken by someone.
    expect(s.unacknowledged).toBe(2);
    expect(s.level).toBe('critical');
    expect(s.tooltip).toBe('Incident Relay: 2 unacknowledged P0/P1 (1 P0)');
  });

  it('lists five active incidents: unacknowledged first, then by severity, then newest', () => {
    const old = incident('P1');
    const p3 = incident('P3');
    const acked = incident('P0');
    const newer = incident('P1');
    const p0 = incident('P0');
    const p2 = incident('P2');
    const gone = incident('P0', { state: 'Closed' });
    const s = computeTrayState([old, p3, acked, newer, p0, p2, gone], (id) => id === acked.id);
    expect(s.top.map((t) => t.id)).toEqual([p0, newer, old, p2, p3].map((i) => i.id));
    expect(s.top[0]!.label).toBe('P0 · P0 incident');
  });

  it('names the upstreams that are not healthy, lagging ones with their lag, in the tooltip too', () => {
    const ups = [
      upstream('central', 'lagging', { lagSeconds: 42.4 }), upstream('east', 'connected'), upstream('west', 'backoff'),
      upstream('north', 'failed', { lastError: 'the upstream refused the token (4401)' }), upstream('off', 'disabled'), upstream('new', 'connecting'),
    ];
    const s = computeTrayState([], () => false, ups);
    expect(s.upstreams).toEqual(['central: lagging 42 s', 'west: backing off', 'north: failed (the upstream refused the token (4401))']);
    expect(s.tooltip).toBe('Incident Relay: nothing waiting · central: lagging 42 s, west: backing off, north: failed (the upstream refused the token (4401))');
    const healthy = computeTrayState([], () => false, [upstream('east', 'connected')]);
    expect(healthy.upstreams).toEqual([]);
    expect(healthy.tooltip).toBe('Incident Relay: nothing waiting');
  });

  it('badges the count, capped at 9+', () => {
    expect([0, 1, 9, 10, 250].map(badgeText)).toEqual(['', '1', '9', '9+', '9+']);
  });
});

describe('the tray', () => {
  it('changes count and icon as incidents arrive, are acknowledged and resolved', () => {
    const { tray, controller } = trayUnderTest();
    expect(iconLevel(tray.icon!)).toBe('idle');
    expect(tray.title).toBe('');

    const p1 = incident('P1');
    controller.replaceAll([summary(p1)]);
    expect(controller.state().unacknowledged).toBe(1);
    expect(iconLevel(tray.icon!)).toBe('urgent');
    expect(tray.title).toBe('1');

    const p0 = incident('P0');
    controller.apply([summary(p0)]);
    expect(controller.state().unacknowledged).toBe(2);
    expect(iconLevel(tray.icon!)).toBe('critical');
    const criticalIcon = tray.icon!;

    controller.apply([summary(p0, new Date().toISOString())]);
    expect(controller.state().unacknowledged).toBe(1);
    expect(iconLevel(tray.icon!)).toBe('urgent');
    expect(tray.icon!.equals(criticalIcon)).toBe(false);

    controller.apply([summary({ ...p1, state: 'Resolved' })]);
    expect(controller.state().unacknowledged).toBe(0);
    expect(iconLevel(tray.icon!)).toBe('idle');
    expect(tray.tooltip).toBe('Incident Relay: nothing waiting');
  });

  it('redraws the icon only when the count or level changes', () => {
    const { tray, controller } = trayUnderTest();
    const p2 = incident('P2');
    controller.apply([summary(p2)]);
    controller.apply([summary({ ...p2, title: 'renamed' })]);
    expect(tray.iconUpdates).toBe(1);
  });

  it('offers the top incidents, Snooze 1 h, Open, Start at login and Quit', () => {
    const { tray, controller, done } = trayUnderTest();
    const list = Array.from({ length: 7 }, () => incident('P1'));
    controller.replaceAll(list.map((i) => summary(i)));
    const labels = tray.menu.map((m) => (m.type === 'separator' ? '—' : m.label));
    expect(labels).toEqual([
      '7 unacknowledged P0/P1', '—', ...list.slice(-5).reverse().map(() => 'P1 · P1 incident'), '—',
      'Snooze 1 h', 'Open Incident Relay', 'Start at login', '—', 'Quit',
    ]);
    tray.menu[2]!.click!();
    tray.choose('Snooze 1 h');
    tray.choose('Open Incident Relay');
    tray.choose('Start at login');
    tray.choose('Quit');
    tray.click();
    expect(done).toEqual([`open ${list[6]!.id}`, 'snooze', 'show', 'login true', 'quit', 'show']);
  });

  it('marks the icon while notifications are degraded, and only then', () => {
    const { tray, controller } = trayUnderTest();
    const plain = tray.icon;
    controller.setChannel({ state: 'degraded', detail: 'the last delivery failed: no daemon' });
    expect(tray.icon).not.toEqual(plain);
    expect(iconLevel(tray.icon!)).toBe('idle');
    controller.setChannel({ state: 'ok', detail: 'the OS notification channel answers' });
    expect(tray.icon).toEqual(plain);
  });

  it('lists unhealthy upstreams under the header until they recover', () => {
    const { tray, controller } = trayUnderTest();
    controller.setUpstreams([upstream('central', 'lagging', { lagSeconds: 42 }), upstream('east', 'connected')]);
    const labels = () => tray.menu.map((m) => (m.type === 'separator' ? '—' : m.label));
    expect(labels().slice(0, 5)).toEqual(['No unacknowledged P0/P1', '—', 'central: lagging 42 s', '—', 'No active incidents']);
    expect(tray.menu[2]!.enabled).toBe(false);
    expect(tray.tooltip).toBe('Incident Relay: nothing waiting · central: lagging 42 s');
    controller.setUpstreams([upstream('central', 'connected')]);
    expect(labels().slice(0, 3)).toEqual(['No unacknowledged P0/P1', '—', 'No active incidents']);
    expect(tray.tooltip).toBe('Incident Relay: nothing waiting');
  });
});

describe('the tray wiring', () => {
  function wired(initial: { upstreams: Upstream[]; revision?: number }) {
    const tray = new FakeTray();
    const listeners: ((push: BridgePush) => void)[] = [];
    const handlers = {
      'settings:get': () => Promise.resolve({ notifications: { snoozedUntil: null } }),
      'incidents:list': () => Promise.resolve({ incidents: [] }),
      'upstreams:list': () => Promise.resolve(initial),
      'server:stats': () => Promise.resolve({ notifications: { state: 'ok', detail: 'the OS notification channel answers' } }),
    } as unknown as BridgeHandlers;
    const control: DesktopControl = {
      handlers,
      onPush: (l) => { listeners.push(l); return () => listeners.splice(listeners.indexOf(l), 1); },
    };
    const store = { onChange: () => () => undefined, update: () => undefined } as unknown as SettingsStore;
    const warnings: string[] = [];
    const logger = { debug: () => undefined, info: () => undefined, warn: (m: string) => warnings.push(m), error: () => undefined };
    const running = startTray({
      ports: { createTray: () => tray, loginItems: new FakeLoginItems() }, control, store, logger,
      actions: { openIncident: () => undefined, snoozeOneHour: () => undefined, open: () => undefined, quit: () => undefined },
    });
    const push = (payload: { upstreams: Upstream[]; revision?: number }) => {
      for (const l of [...listeners]) l({ event: 'push:upstreams', payload });
    };
    const pushChannel = (notifications: { state: 'ok' | 'degraded'; detail: string }) => {
      for (const l of [...listeners]) {
        l({ event: 'push:stats', payload: { connectedClients: 0, activeSubscriptions: 0, eventsPublished: 0, deliveries: 0, eventsPerMinute: [], activeIncidents: 0, notifications } });
      }
    };
    return { tray, running, push, pushChannel, warnings };
  }

  it('shows the initial upstream list, then follows push:upstreams (newer revisions only)', async () => {
    const { tray, running, push, warnings } = wired({ upstreams: [upstream('central', 'lagging', { lagSeconds: 42 })], revision: 3 });
    await running.loaded;
    expect(warnings).toEqual([]);
    expect(tray.tooltip).toBe('Incident Relay: nothing waiting · central: lagging 42 s');
    expect(tray.menu.map((m) => m.label)).toContain('central: lagging 42 s');

    push({ upstreams: [upstream('central', 'backoff')], revision: 4 });
    expect(tray.menu.map((m) => m.label)).toContain('central: backing off');
    push({ upstreams: [upstream('central', 'lagging', { lagSeconds: 99 })], revision: 2 }); // stale: ignored
    expect(tray.tooltip).toBe('Incident Relay: nothing waiting · central: backing off');
    push({ upstreams: [upstream('central', 'connected')], revision: 5 });
    expect(tray.tooltip).toBe('Incident Relay: nothing waiting');
    expect(tray.menu.some((m) => m.label?.startsWith('central'))).toBe(false);
    running.stop();
  });

  it('follows the notification channel state of push:stats (the state /health reports)', async () => {
    const { tray, running, pushChannel, warnings } = wired({ upstreams: [] });
    await running.loaded;
    await Promise.resolve();
    expect(warnings).toEqual([]);
    expect(tray.menu[1]).toEqual({ type: 'separator' });
    pushChannel({ state: 'degraded', detail: 'no session D-Bus; fix: run inside a desktop session' });
    expect(tray.menu[1]).toEqual({ label: 'Notifications degraded: no session D-Bus; fix: run inside a desktop session', enabled: false });
    expect(tray.tooltip).toBe('Incident Relay: nothing waiting · notifications degraded');
    pushChannel({ state: 'ok', detail: 'the OS notification channel answers' });
    expect(tray.menu[1]).toEqual({ type: 'separator' });
    expect(tray.tooltip).toBe('Incident Relay: nothing waiting');
    running.stop();
  });

  it('keeps a push that overtook the initial list', async () => {
    const { tray, running, push } = wired({ upstreams: [upstream('central', 'connected')] });
    push({ upstreams: [upstream('central', 'backoff')] });
    await running.loaded;
    expect(tray.tooltip).toBe('Incident Relay: nothing waiting · central: backing off');
    running.stop();
  });
});
