// The built renderer (dist-renderer/) served at `/` under a strict CSP: known types only, no way out of the folder.
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { CONSOLE_CSP } from '../../src-shared/web-console.js';
import type { HttpRoute } from '../server/index.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.map': 'application/json; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8',
};

const PAGE_HEADERS = {
  'Content-Security-Policy': CONSOLE_CSP, 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer', 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

/** `dist-renderer/` of the package this file belongs to (found from src-main/ or dist/src-main/). */
export function defaultRendererDir(from: string = import.meta.dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return resolve('dist-renderer');
    dir = up;
  }
  return join(dir, 'dist-renderer');
}

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: Buffer | string, cache: string): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...PAGE_HEADERS, 'Content-Type': type, 'Content-Length': bytes.length, 'Cache-Control': cache });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

/** The file a URL path names inside `root`, or undefined (outside, hidden, not a regular file, malformed). */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined; // malformed percent-encoding: no such file
  }
  if (path.includes('\0') || path.includes('\\') || path.split('/').some((seg) => seg.startsWith('.'))) return undefined;
  const full = resolve(root, `.${path}`);
  const rel = relative(root, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  try {
    return lstatSync(full).isFile() ? full : undefined;
  } catch {
    return undefined; // absent: 404
  }
}

export function staticRoutes(rootDir: string): HttpRoute[] {
  const root = resolve(rootDir);
  const serveIndex = (req: IncomingMessage, res: ServerResponse) => {
    const file = resolveInside(root, '/index.html');
    if (!file) {
      send(req, res, 503, 'text/plain; charset=utf-8', 'The web console is not built. Run: npx vite build --config src-renderer/vite.config.ts\n', 'no-store');
      return;
    }
    send(req, res, 200, CONTENT_TYPES['.html']!, readFileSync(file), 'no-store');
  };
  return [
    { method: 'GET', path: '/', scope: 'none', handle: serveIndex },
    { method: 'GET', path: '/index.html', scope: 'none', handle: serveIndex },
    {
      method: 'GET', path: '/assets/*', scope: 'none',
      handle(req, res, ctx) {
        const file = resolveInside(root, ctx.url.pathname);
        const type = file ? CONTENT_TYPES[extname(file).toLowerCase()] : undefined;
        if (!file || !type) {
          send(req, res, 404, 'text/plain; charset=utf-8', 'not found\n', 'no-store');
          return;
        }
        send(req, res, 200, type, readFileSync(file), 'public, max-age=31536000, immutable');
      },
    },
  ];
}
