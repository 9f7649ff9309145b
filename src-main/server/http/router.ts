// A small HTTP router: exact routes by method and path, plus prefix routes, each declaring the scope it needs.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Scope } from '../auth/authenticator.js';
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

/** Matches a path against a pattern; returns params or null. */
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
      params[p.slice(1)] = decodeURIComponent(x);
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
