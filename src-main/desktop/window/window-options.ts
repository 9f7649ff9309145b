// The main window's constructor options, with every security-relevant web preference spelled out.

/** Security settings of the renderer (STYLE.md "Electron security, spelled out"); nothing left to Electron's defaults. */
export const SECURE_WEB_PREFERENCES = {
  /** The preload's world is separate from the page's: the page sees only what contextBridge exposes. */
  contextIsolation: true,
  /** The renderer runs in Chromium's OS sandbox; the preload gets no Node either (hence the bundled preload). */
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  /** Same-origin policy on. */
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  /** Dropping a file or link on the window must not navigate it. */
  navigateOnDragDrop: false,
  /** Repeated alert() loops can be stopped by the user. */
  safeDialogs: true,
} as const;

export interface WindowBounds {
  width: number;
  height: number;
}

/** The options a window factory receives (a subset of Electron's BrowserWindowConstructorOptions). */
export interface MainWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  /** Shown once the first paint is ready (no white flash), or never when started hidden in the tray. */
  show: false;
  backgroundColor: string;
  autoHideMenuBar: boolean;
  webPreferences: typeof SECURE_WEB_PREFERENCES & { preload: string };
}

export const MIN_WINDOW = { width: 720, height: 480 } as const;

/** The main window's options: the saved size and the secure web preferences with the bundled preload. */
export function mainWindowOptions(preloadPath: string, bounds: WindowBounds): MainWindowOptions {
  return {
    width: Math.max(bounds.width, MIN_WINDOW.width),
    height: Math.max(bounds.height, MIN_WINDOW.height),
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    title: 'Incident Relay',
    show: false,
    backgroundColor: '#111418',
    autoHideMenuBar: true,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadPath },
  };
}
