// The tray's context menu as plain data: header, degraded notifications, upstreams needing attention, top five incidents, Snooze 1 h, Open, Start at login, Quit.
import type { TrayState } from './tray-state.js';

/** A menu item as data (a subset of Electron's MenuItemConstructorOptions). */
export interface MenuItemSpec {
  label?: string;
  type?: 'normal' | 'separator' | 'checkbox';
  enabled?: boolean;
  checked?: boolean;
  accelerator?: string;
  /** Electron's standard items (the application menu's Edit and Window entries). */
  role?: 'appMenu' | 'editMenu' | 'windowMenu' | 'about' | 'hide' | 'togglefullscreen' | 'resetZoom' | 'zoomIn' | 'zoomOut';
  submenu?: MenuItemSpec[];
  click?: () => void;
}

export interface TrayMenuActions {
  openIncident(id: string): void;
  snoozeOneHour(): void;
  open(): void;
  setStartAtLogin(enabled: boolean): void;
  quit(): void;
}

export interface TrayMenuContext {
  startAtLogin: boolean;
  /** Until when all notifications are snoozed, if they are. */
  snoozedUntil: string | null;
}

const time = (iso: string): string => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function trayMenu(state: TrayState, context: TrayMenuContext, actions: TrayMenuActions): MenuItemSpec[] {
  const header = state.unacknowledged === 0 ? 'No unacknowledged P0/P1' : `${state.unacknowledged} unacknowledged P0/P1`;
  const incidents: MenuItemSpec[] = state.top.length === 0
    ? [{ label: 'No active incidents', enabled: false }]
    : state.top.map((t) => ({ label: t.label, click: () => actions.openIncident(t.id) }));
  const snoozed = context.snoozedUntil !== null && Date.parse(context.snoozedUntil) > Date.now();
  const upstreams: MenuItemSpec[] = state.upstreams.length === 0
    ? []
    : [...state.upstreams.map((label) => ({ label, enabled: false })), { type: 'separator' }];
  return [
    { label: header, enabled: false },
    ...(state.notifications ? [{ label: state.notifications, enabled: false }] : []),
    { type: 'separator' },
    ...upstreams,
    ...incidents,
    { type: 'separator' },
    { label: snoozed ? `Snooze 1 h (snoozed until ${time(context.snoozedUntil!)})` : 'Snooze 1 h', click: () => actions.snoozeOneHour() },
    { label: 'Open Incident Relay', click: () => actions.open() },
    { label: 'Start at login', type: 'checkbox', checked: context.startAtLogin, click: () => actions.setStartAtLogin(!context.startAtLogin) },
    { type: 'separator' },
    { label: 'Quit', click: () => actions.quit() },
  ];
}
