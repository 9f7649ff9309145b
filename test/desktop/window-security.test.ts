// The main window's security: exact web preferences, no navigation, no new windows, no permissions, app URL checks.
import { describe, expect, it } from 'vitest';
import { createAppUrlCheck } from '../../src-main/desktop/window/app-url.js';
import { MainWindow } from '../../src-main/desktop/window/main-window.js';
import { guardContents } from '../../src-main/desktop/window/navigation-guard.js';
import { SECURE_WEB_PREFERENCES } from '../../src-main/desktop/window/window-options.js';
import { FakeContents, FakeShell, preventable, windowFactory } from './support/fake-electron.js';

const INDEX = '/opt/Incident Relay/resources/app.asar/dist-renderer/index.html';

function mainWindow(over: { devServerUrl?: string; quitting?: boolean; closeToTray?: boolean } = {}) {
  const factory = windowFactory();
  const shell = new FakeShell();
  const win = new MainWindow({
    create: factory.create, shell, preloadPath: '/app/dist/src-main/desktop/preload.cjs',
    renderer: { indexFile: INDEX, ...(over.devServerUrl ? { devServerUrl: over.devServerUrl } : {}) },
    bounds: () => ({ width: 1280, height: 820 }),
    closeToTray: () => over.closeToTray ?? true,
    isQuitting: () => over.quitting ?? false,
  });
  return { win, factory, shell };
}

describe('the main window', () => {
  it('is created with exactly the secure web preferences and the bundled preload', () => {
    const { win, factory } = mainWindow();
    win.open({ show: true });
    expect(factory.made).toHaveLength(1);
    const prefs = factory.made[0]!.options.webPreferences;
    expect(prefs).toEqual({
      preload: '/app/dist/src-main/desktop/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    });
    expect(SECURE_WEB_PREFERENCES).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(factory.made[0]!.options.show).toBe(false);
  });

  it('loads the built page through app:// (never file://), or the dev server when one is given', () => {
    const built = mainWindow();
    built.win.open({ show: true });
    expect(built.factory.made[0]!.webContents.loaded).toEqual(['app://bundle/index.html']);
    const dev = mainWindow({ devServerUrl: 'http://localhost:5173/' });
    dev.win.open({ show: true });
    expect(dev.factory.made[0]!.webContents.loaded).toEqual(['http://localhost:5173/']);
  });

  it('shows at first paint, or stays hidden when started for the tray', () => {
    const shown = mainWindow();
    shown.win.open({ show: true });
    expect(shown.factory.made[0]!.visible).toBe(false);
    shown.factory.made[0]!.firstPaint();
    expect(shown.factory.made[0]!.visible).toBe(true);
    const hidden = mainWindow();
    hidden.win.open({ show: false });
    hidden.factory.made[0]!.firstPaint();
    expect(hidden.factory.made[0]!.visible).toBe(false);
  });

  it('refuses every navigation of the page and its frames', () => {
    const { win, factory } = mainWindow();
    win.open({ show: true });
    const contents = factory.made[0]!.webContents;
    for (const url of ['https://evil.example/', 'file:///etc/passwd', `file://${INDEX}`, 'app://bundle/other.html', 'javascript:alert(1)']) {
      expect(contents.navigate('will-navigate', url).prevented).toBe(true);
      expect(contents.navigate('will-frame-navigate', url).prevented).toBe(true);
    }
  });

  it('denies window.open, sending only http and https links to the browser', () => {
    const { win, factory, shell } = mainWindow();
    win.open({ show: true });
    const open = factory.made[0]!.webContents.openHandler!;
    for (const url of ['https://runbooks.example/db', 'http://grafana.local/d/1', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://share/x', 'not a url']) {
      expect(open({ url })).toEqual({ action: 'deny' });
    }
    expect(shell.opened).toEqual(['https://runbooks.example/db', 'http://grafana.local/d/1']);
  });

  it('refuses webviews', () => {
    const contents = new FakeContents();
    guardContents(contents, { shell: new FakeShell() });
    const e = preventable();
    contents.emit('will-attach-webview', e);
    expect(e.prevented).toBe(true);
  });

  it('hides to the tray on close, and really closes once quitting', () => {
    const tray = mainWindow();
    const w = tray.win.open({ show: true }) as ReturnType<typeof tray.factory.create>;
    w.show();
    expect(w.close()).toBe(true);
    expect(w.visible).toBe(false);
    expect(tray.win.current()).toBe(w);

    const quitting = mainWindow({ quitting: true });
    const q = quitting.win.open({ show: true }) as ReturnType<typeof quitting.factory.create>;
    expect(q.close()).toBe(false);
    expect(quitting.win.current()).toBeUndefined();
    quitting.win.showAndFocus();
    expect(quitting.factory.made).toHaveLength(2);
  });

  it('brings a minimised window back to the front', () => {
    const { win, factory } = mainWindow();
    const w = win.open({ show: false }) as ReturnType<typeof factory.create>;
    w.minimized = true;
    win.showAndFocus();
    expect([w.restored, w.visible, w.focused]).toEqual([1, true, 1]);
    expect(factory.made).toHaveLength(1);
  });
});

describe('which frames are the app', () => {
  it('accepts the app://bundle origin, with any path, query or hash, wherever the bundle lies on disk', () => {
    // The old check compared file paths and refused these: every IPC call from the real page failed.
    for (const indexFile of [INDEX, 'C:\\Program Files\\Incident Relay\\resources\\app.asar\\dist-renderer\\index.html', '\\\\server\\apps\\ir\\index.html']) {
      const isApp = createAppUrlCheck({ indexFile });
      expect(isApp('app://bundle/index.html')).toBe(true);
      expect(isApp('app://bundle/index.html#/incidents?x=1')).toBe(true);
      expect(isApp('app://BUNDLE/index.html')).toBe(true);
      expect(isApp('app://bundle/assets/other.html')).toBe(true);
    }
  });

  it('refuses file:// pages in every form, other app:// hosts and look-alikes', () => {
    const isApp = createAppUrlCheck({ indexFile: INDEX });
    for (const url of [
      'file:///opt/Incident%20Relay/resources/app.asar/dist-renderer/index.html',
      'file:///c:/Program%20Files/Incident%20Relay/resources/app.asar/dist-renderer/index.html',
      'file:///C:/Program%20Files/Incident%20Relay/resources/app.asar/dist-renderer/index.html',
      'file://server/apps/ir/index.html',
      'app://evil/index.html', 'app://bundle.evil.example/index.html', 'app://user@bundle/index.html', 'app://bundle:8080/index.html',
      'apps://bundle/index.html', 'https://bundle/index.html', 'null',
    ]) expect(isApp(url), url).toBe(false);
    expect(isApp('file:///tmp/index.html')).toBe(false);
    expect(isApp('http://localhost:5173/')).toBe(false);
    expect(isApp('https://evil.example/dist-renderer/index.html')).toBe(false);
    expect(isApp('about:blank')).toBe(false);
    expect(isApp('')).toBe(false);
  });

  it('accepts the dev server origin in development', () => {
    const isApp = createAppUrlCheck({ indexFile: INDEX, devServerUrl: 'http://localhost:5173/' });
    expect(isApp('http://localhost:5173/')).toBe(true);
    expect(isApp('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(isApp('http://localhost:5174/')).toBe(false);
    expect(isApp('http://127.0.0.1:5173/')).toBe(false);
  });
});
