// The tray follows incidents and acknowledgements: count of unacknowledged P0/P1, a distinct P0 icon, top five menu.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { IncidentSummary } from '../../src-shared/bridge/index.js';
import type { Incident, Severity } from '../../src-shared/protocol/index.js';
import { badgeText, TRAY_COLORS, type TrayLevel } from '../../src-main/desktop/icons/tray-icons.js';
import { TrayController } from '../../src-main/desktop/tray/tray-controller.js';
import type { TrayMenuActions } from '../../src-main/desktop/tray/tray-menu.js';
import { computeTrayState } from '../../src-main/desktop/tray/tray-state.js';
import { FakeTray } from './support/fake-electron.js';
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
});
