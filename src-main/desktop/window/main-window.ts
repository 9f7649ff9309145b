// The one main window: created with the secure options, guarded, loaded, shown on demand and hidden to the tray on close.
import { rendererUrl, type RendererLocation } from './app-url.js';
import { guardContents, type ExternalOpener, type GuardedContents, type PreventableEvent } from './navigation-guard.js';
import { mainWindowOptions, type MainWindowOptions, type WindowBounds } from './window-options.js';

/** The part of Electron's WebContents the window and the pushes use. */
export interface WindowContents extends GuardedContents {
  loadURL(url: string): Promise<void>;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

/** The part of Electron's BrowserWindow this module uses. */
export interface AppWindow {
  readonly webContents: WindowContents;
  isDestroyed(): boolean;
  isMinimized(): boolean;
  isMaximized(): boolean;
  restore(): void;
  show(): void;
  hide(): void;
  focus(): void;
  /** The desktop alert: flash the taskbar entry, and keep the window above others until a P0 is acknowledged. */
  flashFrame(flag: boolean): void;
  setAlwaysOnTop(flag: boolean, level?: 'screen-saver'): void;
  getBounds(): WindowBounds;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  /** Windows: the user logs off or the OS shuts down (`before-quit` is not emitted then). */
  on(event: 'session-end', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
}

/** `new BrowserWindow(options)` in the app; a fake in tests. */
export type WindowFactory = (options: MainWindowOptions) => AppWindow;

export interface MainWindowDeps {
  create: WindowFactory;
  shell: ExternalOpener;
  preloadPath: string;
  renderer: RendererLocation;
  /** Size to open with (the saved one). */
  bounds(): WindowBounds;
  /** Whether closing the window only hides it (the app keeps running in the tray). */
  closeToTray(): boolean;
  /** True once a quit started: closing then really closes. */
  isQuitting(): boolean;
  /** Windows log-off or shutdown: start the graceful quit. */
  onSessionEnd?(): void;
  /** The window's size when it closes or hides, to save. */
  onBounds?(bounds: WindowBounds & { maximized: boolean }): void;
  onLog?(message: string): void;
}

export class MainWindow {
  private window: AppWindow | undefined;
  private ready: Promise<void> = Promise.resolve();

  constructor(private readonly deps: MainWindowDeps) {}

  /** The live window, if any. */
  current(): AppWindow | undefined {
    return this.window && !this.window.isDestroyed() ? this.window : undefined;
  }

  /** Creates and loads the window unless it exists; shows it at first paint unless `show` is false. */
  open(options: { show: boolean }): AppWindow {
    const existing = this.current();
    if (existing) return existing;
    const win = this.deps.create(mainWindowOptions(this.deps.preloadPath, this.deps.bounds()));
    this.window = win;
    guardContents(win.webContents, { shell: this.deps.shell, onRefused: (what, url) => this.deps.onLog?.(`refused ${what} ${url}`) });
    this.ready = new Promise<void>((resolve) => {
      win.once('ready-to-show', () => {
        if (options.show) win.show();
        resolve();
      });
    });
    win.on('close', (event) => {
      this.deps.onBounds?.({ ...win.getBounds(), maximized: win.isMaximized() });
      if (!this.deps.isQuitting() && this.deps.closeToTray()) {
        event.preventDefault();
        win.hide();
      }
    });
    win.on('session-end', () => this.deps.onSessionEnd?.());
    win.on('closed', () => {
      if (this.window === win) this.window = undefined;
    });
    // The bundle through app:// (never file://: the page gets a real origin and the sender check compares origins).
    win.webContents.loadURL(rendererUrl(this.deps.renderer)).catch((err: unknown) => this.deps.onLog?.(`renderer failed to load: ${err instanceof Error ? err.message : String(err)}`));
    return win;
  }

  /** Brings the window to the front, creating it if it was closed. */
  showAndFocus(): AppWindow {
    const win = this.open({ show: true });
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    return win;
  }

  /** Resolves once the current window painted its first frame. */
  whenReady(): Promise<void> {
    return this.ready;
  }
}
