// A small HTTP router: exact routes by method and path, plus prefix routes, each declaring the scope it needs.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Scope } from '../auth/authenticator.js';
import { HttpError } from './json-io.js';
import type { Credentials } from '../auth/credentials.js';

export interface RouteContext {
  url: URL;
  /** Path parameters of a `:name` pattern. */
  params: Record<string, string>;
  credentials: Credentials | null;
}

export interface HttpRoute {
  method: string;
  /** `/v1/incidents/:id` style pattern, or a prefix ending in `*`. */
  path: string;
  /** Scope needed; `read` means open on loopback unless require_auth_for_read, `none` is always open. */
  scope: Scope | 'read' | 'none';
  handle(req: IncomingMessage, res: ServerResponse, ctx: RouteContext): Promise<void> | void;
}

/** A %-decoded path segment; a malformed escape (`%E0%A4%A`) is the client's error: 400, never a logged 500. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'invalid_message', 'the path has a malformed %-escape');
  }
}

/** Matches a path against a pattern; returns params or null (throws HttpError 400 on a malformed %-escape). */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1)) ? {} : null;
  const ps = pattern.split('/');
  const xs = path.split('/');
  if (ps.length !== xs.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    const x = xs[i]!;
    if (p.startsWith(':')) {
      if (!x) return null;
      params[p.slice(1)] = decodePathSegment(x);
    } else if (p !== x) return null;
  }
  return params;
}

export class Router {
  private readonly routes: HttpRoute[] = [];

  add(...routes: HttpRoute[]): void {
    this.routes.push(...routes);
  }

  /** The route for a request, or which methods the path allows (for 405). */
  find(method: string, path: string): { route: HttpRoute; params: Record<string, string> } | { allowed: string[] } {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchPath(route.path, path);
      if (!params) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { route, params };
      allowed.push(route.method);
    }
    return { allowed };
  }
}
