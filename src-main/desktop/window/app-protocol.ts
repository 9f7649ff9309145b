// The privileged app:// scheme that serves the built renderer: GET/HEAD only, paths confined to the bundle folder.
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
/** The one host of the scheme: the renderer bundle. */
export const APP_HOST = 'bundle';
/** The page the window loads. */
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * For `protocol.registerSchemesAsPrivileged` (before `ready`): a standard scheme (real origin, relative URLs, CSP
 * `'self'`), secure context (like https), `fetch` allowed. No CORS bypass, no service workers.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, codeCache: true } as const;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The request fields the handler reads (Electron passes a fetch `Request`). */
export interface AppProtocolRequest {
  readonly url: string;
  readonly method: string;
}

const refuse = (status: number, text: string): Response => new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

const inside = (root: string, path: string): boolean => path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);

/**
 * The file under `root` an app:// URL names, or a status to answer with: 400 for another host or an undecodable
 * path, 403 for anything that would leave the bundle (`..`, encoded separators, backslashes, NUL).
 */
export function bundlePath(root: string, url: string): { path: string } | { status: 400 | 403; reason: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { status: 400, reason: 'not a URL' };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host.toLowerCase() !== APP_HOST) return { status: 400, reason: 'unknown host' };
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return { status: 400, reason: 'undecodable path' };
  }
  if (path.includes('\0') || path.includes('\\') || path.split('/').includes('..')) return { status: 403, reason: 'outside the bundle' };
  const file = resolve(root, `.${path === '/' ? '/index.html' : path}`);
  return inside(resolve(root), file) ? { path: file } : { status: 403, reason: 'outside the bundle' };
}

/** The app:// scheme's protocol handler over the bundle folder `root` (symbolic links leading out are refused). */
export function createAppProtocolHandler(root: string): (request: AppProtocolRequest) => Promise<Response> {
  const realRoot = realpath(root).catch(() => resolve(root));
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'only GET and HEAD');
    const target = bundlePath(root, request.url);
    if (!('path' in target)) return refuse(target.status, target.reason);
    let real: string;
    try {
      real = await realpath(target.path);
      if (!(await stat(real)).isFile()) return refuse(404, 'not found');
    } catch {
      return refuse(404, 'not found');
    }
    if (!inside(await realRoot, real)) return refuse(403, 'outside the bundle');
    const headers = { 'content-type': CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream', 'x-content-type-options': 'nosniff' };
    return new Response(request.method === 'HEAD' ? null : await readFile(real), { status: 200, headers });
  };
}
