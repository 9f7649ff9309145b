// Token verification: static tokens (the publish token and configured API tokens), compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Credentials } from './credentials.js';

/** `respond` acts on incidents (acknowledge, resolve, PUT, comments) without publishing events (PROTOCOL.md section 7). */
export type Scope = 'subscribe' | 'publish' | 'respond' | 'admin';

export interface Authenticator {
  /** Credentials for a token, or null when it is refused. */
  verify(token: string): Promise<Credentials | null>;
}

export const SCOPES: readonly Scope[] = ['subscribe', 'publish', 'respond', 'admin'];

/**
 * The scopes a credential grants: `admin` implies every scope and `publish` implies `respond`, so every
 * check can ask for the scope it needs.
 */
export function effectiveScopes(granted: Iterable<string>): ReadonlySet<Scope> {
  const out = new Set<Scope>();
  for (const s of granted) if ((SCOPES as readonly string[]).includes(s)) out.add(s as Scope);
  if (out.has('admin')) SCOPES.forEach((s) => out.add(s));
  if (out.has('publish')) out.add('respond');
  return out;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Static tokens: each compared by SHA-256 digest with timingSafeEqual, so length and content do not leak. */
export class StaticTokenAuthenticator implements Authenticator {
  private readonly entries: { digest: Buffer; scopes: ReadonlySet<string> }[];

  constructor(tokens: readonly { token: string; scopes: readonly Scope[] }[]) {
    this.entries = tokens.map((t) => ({ digest: digest(t.token), scopes: effectiveScopes(t.scopes) }));
  }

  async verify(token: string): Promise<Credentials | null> {
    return this.verifySync(token);
  }

  verifySync(token: string): Credentials | null {
    const d = digest(token);
    let found: Credentials | null = null;
    for (const e of this.entries) if (timingSafeEqual(d, e.digest)) found = { scopes: e.scopes, expiresAt: null };
    return found;
  }
}

/** Tries each authenticator in turn. */
export class ChainAuthenticator implements Authenticator {
  constructor(private readonly chain: readonly Authenticator[]) {}

  async verify(token: string): Promise<Credentials | null> {
    for (const a of this.chain) {
      const c = await a.verify(token);
      if (c) return c;
    }
    return null;
  }
}

/** Extracts a bearer token from an Authorization header value. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : undefined;
}
