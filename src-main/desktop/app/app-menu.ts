// The application menu: Quit goes through the graceful quit (never a raw exit); Edit keeps copy and paste working.
import type { MenuItemSpec } from '../tray/tray-menu.js';

export interface AppMenuActions {
  open(): void;
  snoozeOneHour(): void;
  quit(): void;
}

export function appMenu(platform: NodeJS.Platform, actions: AppMenuActions): MenuItemSpec[] {
  const quit: MenuItemSpec = { label: platform === 'darwin' ? 'Quit Incident Relay' : 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() };
  const appItems: MenuItemSpec[] = [
    { label: 'Show Incident Relay', accelerator: 'CmdOrCtrl+1', click: () => actions.open() },
    { label: 'Snooze notifications 1 h', click: () => actions.snoozeOneHour() },
    { type: 'separator' },
    ...(platform === 'darwin' ? [{ role: 'hide' } as MenuItemSpec, { type: 'separator' } as MenuItemSpec] : []),
    quit,
  ];
  return [
    { label: platform === 'darwin' ? 'Incident Relay' : 'File', submenu: appItems },
    { role: 'editMenu' },
    { label: 'View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
    { role: 'windowMenu' },
  ];
}
