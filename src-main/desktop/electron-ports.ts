// The real ports: Electron's modules adapted to the narrow interfaces (the compiler checks each assignment).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, Notification, powerMonitor, protocol, safeStorage, session, shell, Tray,
} from 'electron';
import type { Logger } from '../server/index.js';
import type { DesktopPorts } from './app/desktop-ports.js';
import type { ControlFactory } from './control/control-port.js';
import { portConflictDialog, type PortConflictPrompt } from './core/port-choice.js';
import { renderTrayIcon } from './icons/tray-icons.js';
import { createElectronStoreBackend } from './settings/electron-store-backend.js';
import { appLoginItems, XdgAutostart, xdgAutostartDir, type LoginItems } from './settings/login-items.js';
import type { TrayPort } from './tray/tray-controller.js';
import { updateDecision, type UpdaterPort } from './update/auto-update.js';
import type { MenuItemSpec } from './tray/tray-menu.js';
import type { RendererLocation } from './window/app-url.js';
import type { ShutdownPort } from './core/graceful-quit.js';
import type { PermissionSession } from './security/permissions.js';
import type { PreventableEvent } from './window/navigation-guard.js';

/** Tray PNGs are drawn at 32 px for 16 pt. */
const trayImage = (png: Buffer): Electron.NativeImage => nativeImage.createFromBuffer(png, { scaleFactor: 2 });

function electronTray(): TrayPort {
  const tray = new Tray(trayImage(renderTrayIcon('idle', 0)));
  return {
    setIcon: (png) => tray.setImage(trayImage(png)),
    setToolTip: (text) => tray.setToolTip(text),
    setTitle: (text) => tray.setTitle(text),
    setMenu: (items) => tray.setContextMenu(Menu.buildFromTemplate(items)),
    onClick: (listener) => {
      tray.on('click', () => listener());
    },
    destroy: () => tray.destroy(),
  };
}

const promptPort: PortConflictPrompt = async (conflict) => {
  const text = portConflictDialog(conflict);
  const answer = await dialog.showMessageBox({ type: 'warning', ...text, defaultId: 0, cancelId: 1, noLink: true });
  return answer.response === 0 ? { port: conflict.suggested, remember: answer.checkboxChecked } : null;
};

/** The default session exists only once the app is ready: look it up at each call. */
const defaultSession: PermissionSession = {
  setPermissionRequestHandler: (handler) => session.defaultSession.setPermissionRequestHandler(
    (_contents, permission, callback, details) => handler(permission, details.requestingUrl, callback),
  ),
  setPermissionCheckHandler: (handler) => session.defaultSession.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin) => handler(permission, requestingOrigin),
  ),
};

/**
 * powerMonitor passes an event with preventDefault() to `shutdown` listeners (Linux, macOS), which delays the OS
 * shutdown; Electron's typings declare the listener without it.
 */
const shutdownPort: ShutdownPort = {
  on: (_event, listener) => powerMonitor.on('shutdown', (...args: unknown[]) => {
    const event = args[0] as Partial<PreventableEvent> | undefined;
    listener({ preventDefault: () => event?.preventDefault?.() });
  }),
};

function loginItems(): LoginItems {
  if (process.platform !== 'linux') return appLoginItems(app, process.platform);
  const command = app.isPackaged ? [process.env.APPIMAGE ?? process.execPath] : [process.execPath, app.getAppPath()];
  return new XdgAutostart({ dir: xdgAutostartDir(process.env, homedir()), command });
}

/** electron-updater, required only when updates are on (it reads the packaged app's resources at load). */
const loadUpdater = async (): Promise<UpdaterPort> =>
  (createRequire(import.meta.url)('electron-updater') as typeof import('electron-updater')).autoUpdater;

export interface ElectronPortsOptions {
  logger: Logger;
  createControl: ControlFactory;
  preload: string;
  renderer: RendererLocation;
  dataDir: string;
}

export function electronPorts(options: ElectronPortsOptions): DesktopPorts {
  return {
    app,
    createWindow: (windowOptions) => new BrowserWindow(windowOptions),
    ipc: ipcMain,
    shell,
    session: defaultSession,
    handleProtocol: (scheme, handler) => protocol.handle(scheme, handler),
    createTray: electronTray,
    setApplicationMenu: (items: MenuItemSpec[]) => Menu.setApplicationMenu(Menu.buildFromTemplate(items)),
    notifications: {
      isSupported: () => Notification.isSupported(),
      create: (o) => new Notification(o),
      // Windows toast clicks and buttons (toastXml `arguments`); the static exists on Windows only.
      ...(process.platform === 'win32' ? { handleActivation: (callback) => Notification.handleActivation(callback) } : {}),
    },
    beep: () => shell.beep(),
    power: shutdownPort,
    screen: powerMonitor,
    promptPort,
    showError: (title, message) => dialog.showErrorBox(title, message),
    settingsBackend: createElectronStoreBackend({ cwd: app.getPath('userData') }),
    safeStorage,
    ...(process.platform === 'linux' ? { secretBackend: () => safeStorage.getSelectedStorageBackend() } : {}),
    loginItems: loginItems(),
    updater: {
      decision: updateDecision({
        platform: process.platform, isPackaged: app.isPackaged,
        feedConfigured: app.isPackaged && existsSync(join(process.resourcesPath, 'app-update.yml')),
      }),
      load: loadUpdater,
    },
    createControl: options.createControl,
    paths: { preload: options.preload, renderer: options.renderer, dataDir: options.dataDir },
    logger: options.logger,
    platform: process.platform,
    argv: process.argv,
    env: process.env,
  };
}
