// Which URLs are the app's own: the bundled renderer page (file://) or, in development, the Vite dev server.
import { pathToFileURL } from 'node:url';

export interface RendererLocation {
  /** Absolute path of the built renderer page (`dist-renderer/index.html`). */
  indexFile: string;
  /** Development only: the dev server URL (e.g. `http://localhost:5173/`); unset in packaged builds. */
  devServerUrl?: string;
}

/** What the window loads: the dev server when given, else the built page. */
export function rendererEntry(location: RendererLocation): { kind: 'url'; url: string } | { kind: 'file'; path: string } {
  return location.devServerUrl ? { kind: 'url', url: location.devServerUrl } : { kind: 'file', path: location.indexFile };
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined; // not a URL at all: never the app's own
  }
}

/**
 * Builds the trusted-sender check: a frame URL is the app's own when it is exactly the renderer page
 * (any query or hash) or, in development, on the dev server's origin. Everything else is foreign.
 */
export function createAppUrlCheck(location: RendererLocation): (url: string) => boolean {
  const page = pathToFileURL(location.indexFile);
  const devOrigin = location.devServerUrl ? parse(location.devServerUrl)?.origin : undefined;
  return (url) => {
    const u = parse(url);
    if (!u) return false;
    if (u.protocol === 'file:') return u.host === page.host && decodeURIComponent(u.pathname) === decodeURIComponent(page.pathname);
    return devOrigin !== undefined && devOrigin !== 'null' && u.origin === devOrigin;
  };
}

/** Only web links leave the app, and only to the user's browser. */
export function isExternalWebUrl(url: string): boolean {
  const u = parse(url);
  return u !== undefined && (u.protocol === 'https:' || u.protocol === 'http:');
}
