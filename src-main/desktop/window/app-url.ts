// Which URLs are the app's own: pages of the app:// bundle origin or, in development, of the Vite dev server's origin.
import { APP_HOST, APP_INDEX_URL, APP_SCHEME } from './app-protocol.js';

export interface RendererLocation {
  /** Absolute path of the built renderer page (`dist-renderer/index.html`); its folder is what app:// serves. */
  indexFile: string;
  /** Development only: the dev server URL (e.g. `http://localhost:5173/`); unset in packaged builds. */
  devServerUrl?: string;
}

/** What the window loads: the dev server when given, else the bundle through app://. */
export function rendererUrl(location: RendererLocation): string {
  return location.devServerUrl ?? APP_INDEX_URL;
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined; // not a URL at all: never the app's own
  }
}

/** Whether `u` is on the app:// bundle origin (the host compared as Chromium canonicalizes it, lower case). */
function isBundleOrigin(u: URL): boolean {
  return u.protocol === `${APP_SCHEME}:` && u.host.toLowerCase() === APP_HOST && u.username === '' && u.password === '' && u.port === '';
}

/**
 * Builds the trusted-sender check, by origin: a frame URL is the app's own when it is on app://bundle or, in
 * development, on the dev server's origin. file:// pages (whatever their path), other hosts and schemes are foreign.
 */
export function createAppUrlCheck(location: RendererLocation): (url: string) => boolean {
  const devOrigin = location.devServerUrl ? parse(location.devServerUrl)?.origin : undefined;
  return (url) => {
    const u = parse(url);
    if (!u) return false;
    if (isBundleOrigin(u)) return true;
    return devOrigin !== undefined && devOrigin !== 'null' && u.origin === devOrigin;
  };
}

/** Only web links leave the app, and only to the user's browser. */
export function isExternalWebUrl(url: string): boolean {
  const u = parse(url);
  return u !== undefined && (u.protocol === 'https:' || u.protocol === 'http:');
}
