// Everything the desktop app takes from Electron and the OS, as narrow ports (real ones in electron-ports.ts, fakes in tests).
import type { ScreenStatePort } from '../core/idle-watch.js';
import type { Logger } from '../../server/index.js';
import type { ControlFactory } from '../control/control-port.js';
import type { PortConflictPrompt } from '../core/port-choice.js';
import type { QuitAppPort, ShutdownPort } from '../core/graceful-quit.js';
import type { IpcMainPort } from '../ipc/register-bridge.js';
import type { DesktopNotificationFactory } from '../notify/electron-notification-sink.js';
import type { LoginItems } from '../settings/login-items.js';
import type { SafeStoragePort } from '../settings/secret-store.js';
import type { SettingsBackend } from '../settings/settings-backend.js';
import type { TrayPort } from '../tray/tray-controller.js';
import type { MenuItemSpec } from '../tray/tray-menu.js';
import type { RendererLocation } from '../window/app-url.js';
import type { AutoUpdateOptions } from '../update/auto-update.js';
import type { WindowFactory } from '../window/main-window.js';
import type { PermissionSession } from '../security/permissions.js';
import type { AppProtocolRequest } from '../window/app-protocol.js';
import type { ExternalOpener, PreventableEvent } from '../window/navigation-guard.js';

/** The part of Electron's `app` the desktop uses. */
export interface DesktopAppPort extends QuitAppPort {
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<unknown>;
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
}

export interface DesktopPorts {
  app: DesktopAppPort;
  createWindow: WindowFactory;
  ipc: IpcMainPort;
  shell: ExternalOpener;
  /** The default session: its permission handlers allow the app's page clipboard writes and notifications only. */
  session: PermissionSession;
  /** The default session's `protocol.handle` (the app:// scheme is registered as privileged before `ready`). */
  handleProtocol(scheme: string, handler: (request: AppProtocolRequest) => Promise<Response>): void;
  createTray(): TrayPort;
  setApplicationMenu(items: MenuItemSpec[]): void;
  notifications: DesktopNotificationFactory;
  /** The system's alert sound (`shell.beep()`), for the desktop alert. */
  beep(): void;
  power: ShutdownPort;
  /** Screen lock and idle (Electron's powerMonitor), for escalation; absent: never reported away. */
  screen?: ScreenStatePort;
  /** Asks the user about a taken port (a message box). */
  promptPort: PortConflictPrompt;
  /** A blocking error box for failures before the window exists. */
  showError(title: string, message: string): void;
  settingsBackend: SettingsBackend;
  safeStorage: SafeStoragePort;
  /** Linux: safeStorage's selected backend (`basic_text` = no keyring). */
  secretBackend?(): string;
  loginItems: LoginItems;
  /** Whether this build updates itself, and how to load electron-updater (absent: no updates). */
  updater?: Pick<AutoUpdateOptions, 'decision' | 'load'>;
  createControl: ControlFactory;
  paths: { preload: string; renderer: RendererLocation; dataDir: string };
  logger: Logger;
  platform: NodeJS.Platform;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
}
