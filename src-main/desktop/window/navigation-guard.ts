// Keeps every web contents on the app's page: no navigation, no new windows, no webviews.
import { isExternalWebUrl } from './app-url.js';

export interface PreventableEvent {
  preventDefault(): void;
}

export interface NavigationEvent extends PreventableEvent {
  readonly url: string;
}

/** The part of Electron's WebContents the guard uses. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** The part of Electron's `shell` the guard uses. */
export interface ExternalOpener {
  openExternal(url: string): Promise<void>;
}

export interface GuardOptions {
  shell: ExternalOpener;
  /** Refusals, for the log. */
  onRefused?(what: 'navigation' | 'window' | 'webview', url: string): void;
}

/** Prevents `will-navigate` and `will-frame-navigate`, denies `window.open` (web links go to the browser), refuses webviews. */
export function guardContents(contents: GuardedContents, options: GuardOptions): void {
  const refuse = (event: NavigationEvent): void => {
    event.preventDefault();
    options.onRefused?.('navigation', event.url);
  };
  contents.on('will-navigate', refuse);
  contents.on('will-frame-navigate', refuse);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    options.onRefused?.('webview', '');
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) {
      options.shell.openExternal(url).catch((err: unknown) => options.onRefused?.('window', `${url} (${String(err)})`));
    } else {
      options.onRefused?.('window', url);
    }
    return { action: 'deny' };
  });
}
