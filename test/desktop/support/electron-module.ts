// A stand-in for the `electron` module itself (what main.ts and electron-ports.ts import), recording what they do.
import { EventEmitter } from 'node:events';

export interface Recorded {
  userData: string;
  windows: FakeBrowserWindow[];
  trays: number;
  errorBoxes: string[];
  quitted: number;
  exitCode: number | undefined;
  appMenuSet: number;
}

export const recorded: Recorded = { userData: '', windows: [], trays: 0, errorBoxes: [], quitted: 0, exitCode: undefined, appMenuSet: 0 };

class FakeElectronApp extends EventEmitter {
  isPackaged = false;
  name = '';
  requestSingleInstanceLock(): boolean { return true; }
  whenReady(): Promise<void> { return Promise.resolve(); }
  getPath(): string { return recorded.userData; }
  getVersion(): string { return '0.1.0'; }
  getAppPath(): string { return process.cwd(); }
  setName(name: string): void { this.name = name; }
  setAppUserModelId(): void {}
  quit(): void {
    const e = { prevented: false, preventDefault() { e.prevented = true; } };
    this.emit('before-quit', e);
    if (!e.prevented) recorded.quitted += 1;
  }
  exit(code = 0): void { recorded.exitCode = code; }
  getLoginItemSettings(): { openAtLogin: boolean } { return { openAtLogin: false }; }
  setLoginItemSettings(): void {}
}

class FakeWebContents extends EventEmitter {
  loaded: string[] = [];
  sent: unknown[][] = [];
  async loadURL(url: string): Promise<void> { this.loaded.push(url); }
  async loadFile(path: string): Promise<void> { this.loaded.push(path); }
  isDestroyed(): boolean { return false; }
  send(...args: unknown[]): void { this.sent.push(args); }
  setWindowOpenHandler(): void {}
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  constructor(readonly options: { webPreferences: Record<string, unknown> }) {
    super();
    recorded.windows.push(this);
  }
  isDestroyed(): boolean { return false; }
  isMinimized(): boolean { return false; }
  isMaximized(): boolean { return false; }
  restore(): void {}
  show(): void {}
  hide(): void {}
  focus(): void {}
  getBounds(): { width: number; height: number } { return { width: 1280, height: 820 }; }
}

export const app = new FakeElectronApp();
export const BrowserWindow = FakeBrowserWindow;
export const ipcMain = {
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) { this.handlers.set(channel, listener); },
  removeHandler(channel: string) { this.handlers.delete(channel); },
};
export const Menu = { buildFromTemplate: (template: unknown[]) => ({ template }), setApplicationMenu: () => { recorded.appMenuSet += 1; } };
export const nativeImage = { createFromBuffer: (png: Buffer) => ({ png }) };
export class Notification extends EventEmitter {
  static isSupported(): boolean { return true; }
  constructor(readonly options: unknown) { super(); }
  show(): void {}
}
export const powerMonitor = new EventEmitter();
export const safeStorage = {
  isEncryptionAvailable: () => true,
  encryptString: (plain: string) => Buffer.from(`sealed:${plain}`).reverse(),
  decryptString: (sealed: Buffer) => Buffer.from(sealed).reverse().toString().slice('sealed:'.length),
  getSelectedStorageBackend: () => 'gnome_libsecret',
};
export const session = { defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined } };
export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: { url: string; method: string }) => Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: unknown[]) { this.privileged.push(...schemes); },
  handle(scheme: string, handler: (request: { url: string; method: string }) => Promise<Response>) { this.handlers.set(scheme, handler); },
};
export const shell = { openExternal: async () => undefined };
export class Tray extends EventEmitter {
  constructor() { super(); recorded.trays += 1; }
  setImage(): void {}
  setToolTip(): void {}
  setTitle(): void {}
  setContextMenu(): void {}
  destroy(): void {}
}
export const dialog = {
  showMessageBox: async () => ({ response: 1, checkboxChecked: false }),
  showErrorBox: (title: string, message: string) => { recorded.errorBoxes.push(`${title}: ${message}`); },
};
