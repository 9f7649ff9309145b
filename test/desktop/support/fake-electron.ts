// Small fakes of the Electron edge, each implementing the narrow port the desktop code uses (the compiler keeps them honest).
import { EventEmitter } from 'node:events';
import type { DesktopAppPort } from '../../../src-main/desktop/app/desktop-ports.js';
import type { ShutdownPort } from '../../../src-main/desktop/core/graceful-quit.js';
import type { IpcInvokeEvent, IpcMainPort } from '../../../src-main/desktop/ipc/register-bridge.js';
import type { IpcRendererPort } from '../../../src-main/desktop/ipc/preload-api.js';
import type {
  DesktopNotification, DesktopNotificationFactory, DesktopNotificationOptions, ToastActivation,
} from '../../../src-main/desktop/notify/electron-notification-sink.js';
import type { LoginItems } from '../../../src-main/desktop/settings/login-items.js';
import type { SafeStoragePort } from '../../../src-main/desktop/settings/secret-store.js';
import type { TrayPort } from '../../../src-main/desktop/tray/tray-controller.js';
import type { MenuItemSpec } from '../../../src-main/desktop/tray/tray-menu.js';
import type { AppWindow, WindowContents } from '../../../src-main/desktop/window/main-window.js';
import type { PermissionSession } from '../../../src-main/desktop/security/permissions.js';
import type { AppProtocolRequest } from '../../../src-main/desktop/window/app-protocol.js';
import type { NavigationEvent, PreventableEvent } from '../../../src-main/desktop/window/navigation-guard.js';
import type { MainWindowOptions } from '../../../src-main/desktop/window/window-options.js';
import type { WindowBounds } from '../../../src-main/desktop/window/window-options.js';

/** An event whose preventDefault is recorded. */
export function preventable(url = ''): NavigationEvent & { prevented: boolean } {
  const e = { url, prevented: false, preventDefault() { e.prevented = true; } };
  return e;
}

export class FakeContents extends EventEmitter implements WindowContents {
  destroyed = false;
  loaded: string[] = [];
  sent: { channel: string; args: unknown[] }[] = [];
  openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;

  async loadURL(url: string): Promise<void> { this.loaded.push(url); }
  isDestroyed(): boolean { return this.destroyed; }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void { this.openHandler = handler; }

  /** What the page's navigation attempt would run into. */
  navigate(event: 'will-navigate' | 'will-frame-navigate', url: string): NavigationEvent & { prevented: boolean } {
    const e = preventable(url);
    this.emit(event, e);
    return e;
  }
}

export class FakeWindow extends EventEmitter implements AppWindow {
  readonly webContents = new FakeContents();
  destroyed = false;
  visible = false;
  minimized = false;
  focused = 0;
  shown = 0;
  restored = 0;
  flashing = false;
  onTop = false;

  constructor(readonly options: MainWindowOptions) { super(); }

  isDestroyed(): boolean { return this.destroyed; }
  isMinimized(): boolean { return this.minimized; }
  isMaximized(): boolean { return false; }
  restore(): void { this.restored += 1; this.minimized = false; }
  show(): void { this.shown += 1; this.visible = true; }
  hide(): void { this.visible = false; }
  focus(): void { this.focused += 1; }
  flashFrame(flag: boolean): void { this.flashing = flag; }
  setAlwaysOnTop(flag: boolean): void { this.onTop = flag; }
  getBounds(): WindowBounds { return { width: this.options.width, height: this.options.height }; }

  /** The user (or the OS) closes the window: returns whether a listener prevented it. */
  close(): boolean {
    const e = preventable();
    this.emit('close', e);
    if (!e.prevented) {
      this.destroyed = true;
      this.webContents.destroyed = true;
      this.emit('closed');
    }
    return e.prevented;
  }

  firstPaint(): void { this.emit('ready-to-show'); }
}

/** A window factory recording every window it made. */
export function windowFactory(): { create: (o: MainWindowOptions) => FakeWindow; made: FakeWindow[] } {
  const made: FakeWindow[] = [];
  return { made, create: (o) => { const w = new FakeWindow(o); made.push(w); return w; } };
}

export class FakeIpcMain implements IpcMainPort {
  readonly handlers = new Map<string, (event: IpcInvokeEvent, ...args: unknown[]) => unknown>();

  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void { this.handlers.delete(channel); }

  /** What `ipcRenderer.invoke(channel, ...args)` from a frame at `url` (null: no frame) resolves to. */
  async invoke(url: string | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return h({ senderFrame: url === null ? null : { url } }, ...args);
  }
}

/** The renderer side, wired to a FakeIpcMain as a frame at `url`, with main → renderer pushes. */
export class FakeIpcRenderer extends EventEmitter implements IpcRendererPort {
  constructor(private readonly main: FakeIpcMain, private readonly url: string) { super(); }
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    // Electron structured-clones arguments and results between processes.
    return this.main.invoke(this.url, channel, ...structuredClone(args)).then((r) => structuredClone(r));
  }
  /** Delivers what `webContents.send(channel, ...args)` sent. */
  deliver(channel: string, ...args: unknown[]): void { this.emit(channel, { sender: 'main' }, ...structuredClone(args)); }
}

export class FakeSession implements PermissionSession {
  request: ((permission: string, requestingUrl: string, callback: (granted: boolean) => void) => void) | undefined;
  check: ((permission: string, requestingOrigin: string) => boolean) | undefined;
  readonly protocols = new Map<string, (request: AppProtocolRequest) => Promise<Response>>();
  setPermissionRequestHandler(h: (permission: string, requestingUrl: string, callback: (granted: boolean) => void) => void): void { this.request = h; }
  setPermissionCheckHandler(h: (permission: string, requestingOrigin: string) => boolean): void { this.check = h; }
  handleProtocol(scheme: string, handler: (request: AppProtocolRequest) => Promise<Response>): void {
    if (this.protocols.has(scheme)) throw new Error(`The scheme has been handled: ${scheme}`);
    this.protocols.set(scheme, handler);
  }
  /** What a permission request from a page at `url` is answered. */
  requestPermission(permission: string, url: string): boolean {
    let granted: boolean | undefined;
    this.request!(permission, url, (g) => { granted = g; });
    if (granted === undefined) throw new Error('the request handler never answered');
    return granted;
  }
}

export class FakeShell {
  opened: string[] = [];
  async openExternal(url: string): Promise<void> { this.opened.push(url); }
}

export class FakeTray implements TrayPort {
  icon: Buffer | undefined;
  tooltip = '';
  title = '';
  menu: MenuItemSpec[] = [];
  iconUpdates = 0;
  destroyed = false;
  private clickListeners: (() => void)[] = [];
  setIcon(png: Buffer): void { this.icon = png; this.iconUpdates += 1; }
  setToolTip(text: string): void { this.tooltip = text; }
  setTitle(text: string): void { this.title = text; }
  setMenu(items: MenuItemSpec[]): void { this.menu = items; }
  onClick(listener: () => void): void { this.clickListeners.push(listener); }
  destroy(): void { this.destroyed = true; }
  click(): void { for (const l of this.clickListeners) l(); }
  /** Clicks the menu item with this label (or starting with it). */
  choose(label: string): void {
    const item = this.menu.find((m) => m.label === label || m.label?.startsWith(label));
    if (!item?.click) throw new Error(`no clickable tray item "${label}" in ${JSON.stringify(this.menu.map((m) => m.label))}`);
    item.click();
  }
}

export class FakeNotification extends EventEmitter implements DesktopNotification {
  shown = false;
  constructor(readonly options: DesktopNotificationOptions) { super(); }
  show(): void { this.shown = true; }
}

export class FakeNotifications implements DesktopNotificationFactory {
  readonly made: FakeNotification[] = [];
  private activationCallback: ((details: ToastActivation) => void) | undefined;
  constructor(public supported = true) {}
  handleActivation(callback: (details: ToastActivation) => void): void { this.activationCallback = callback; }
  /** Windows activates a toast (its body or a button): what `Notification.handleActivation` callbacks receive. */
  activate(details: ToastActivation): void {
    if (!this.activationCallback) throw new Error('no handleActivation callback registered');
    this.activationCallback(details);
  }
  isSupported(): boolean { return this.supported; }
  create(options: DesktopNotificationOptions): FakeNotification {
    const n = new FakeNotification(options);
    this.made.push(n);
    return n;
  }
}

/** A reversible "cipher" standing in for the OS keychain; its output never contains the plain text. */
export class FakeSafeStorage implements SafeStoragePort {
  constructor(public available = true) {}
  isEncryptionAvailable(): boolean { return this.available; }
  encryptString(plainText: string): Buffer { return Buffer.from(`sealed:${Buffer.from(plainText).toString('hex')}`); }
  decryptString(encrypted: Buffer): string {
    const text = encrypted.toString();
    if (!text.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(text.slice('sealed:'.length), 'hex').toString();
  }
}

export class FakeLoginItems implements LoginItems {
  enabled = false;
  isEnabled(): boolean { return this.enabled; }
  setEnabled(enabled: boolean): void { this.enabled = enabled; }
}

export class FakePower extends EventEmitter implements ShutdownPort {
  /** The OS announces a shutdown; returns whether the app asked to delay it. */
  shutdown(): boolean {
    const e = preventable();
    this.emit('shutdown', e);
    return e.prevented;
  }
}

export class FakeApp extends EventEmitter implements DesktopAppPort {
  quitCalls = 0;
  exitCode: number | undefined;
  /** Quits that went through (before-quit not prevented). */
  quitted = 0;
  constructor(public hasLock = true) { super(); }
  requestSingleInstanceLock(): boolean { return this.hasLock; }
  async whenReady(): Promise<void> {}
  quit(): void {
    this.quitCalls += 1;
    const e: PreventableEvent & { prevented?: boolean } = { preventDefault() { e.prevented = true; } };
    this.emit('before-quit', e);
    if (!e.prevented) this.quitted += 1;
  }
  exit(exitCode = 0): void { this.exitCode = exitCode; }
}
