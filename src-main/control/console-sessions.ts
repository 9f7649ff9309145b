// Console sessions: an HttpOnly cookie id plus a per-session secret the page holds; both kept hashed in the data dir.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile, type ProblemReporter } from './json-file.js';

export const SESSION_COOKIE = 'ir_session';
export const SESSIONS_FILE = 'console-sessions.json';
/** A session unused this long ends. */
export const SESSION_IDLE_MS = 12 * 3_600_000;
/** A session ends this long after login whatever its use. */
export const SESSION_MAX_AGE_MS = 7 * 24 * 3_600_000;
/** Revealing or rotating the publish token needs a sign-in (or re-authentication) at most this old. */
export const REAUTH_WINDOW_MS = 5 * 60_000;
export const SESSIONS_MAX = 64;
/** Use extends a session; the file is rewritten at most this often for that. */
const TOUCH_SAVE_MS = 10 * 60_000;

const SessionSchema = z.object({ createdAt: z.number(), lastUsedAt: z.number(), authenticatedAt: z.number(), secret: z.string() });
type Session = z.infer<typeof SessionSchema>;
/** Version 1 files held cookie-only sessions; they are not carried over (their pages sign in again). */
const FileSchema = z.object({ version: z.literal(2), sessions: z.record(z.string(), SessionSchema) });
const LegacySchema = z.object({ version: z.number() }).loose();

const digest = (s: string): string => createHash('sha256').update(s).digest('base64url');
const sameDigest = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** What the session list shows of a session: never its id or secret, only a handle to revoke it by. */
export interface SessionSummary {
  handle: string;
  createdAt: number;
  lastUsedAt: number;
  current: boolean;
}

/** The session id a Cookie header carries, if any. */
export function sessionIdFromCookies(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

export class ConsoleSessions {
  private readonly file: string;
  private readonly byDigest = new Map<string, Session>();
  private savedAt = 0;

  constructor(dataDir: string, report: ProblemReporter, private readonly now: () => number = Date.now) {
    this.file = join(dataDir, SESSIONS_FILE);
    const legacy = readJsonFile(this.file, LegacySchema, report);
    const stored = legacy?.['version'] === 2 ? FileSchema.safeParse(legacy) : undefined;
    if (legacy && !stored?.success) report('console sessions of an older format dropped; pages sign in again', { file: this.file });
    for (const [d, s] of Object.entries(stored?.success ? stored.data.sessions : {})) if (this.alive(s)) this.byDigest.set(d, s);
  }

  /** A new session: its id (the cookie value), its secret (for the page) and the cookie's Max-Age in seconds. */
  create(): { id: string; secret: string; maxAgeSecs: number } {
    const id = randomBytes(32).toString('base64url');
    const secret = randomBytes(32).toString('base64url');
    const at = this.now();
    this.byDigest.set(digest(id), { createdAt: at, lastUsedAt: at, authenticatedAt: at, secret: digest(secret) });
    if (this.byDigest.size > SESSIONS_MAX) this.byDigest.delete(this.byDigest.keys().next().value!);
    this.save();
    return { id, secret, maxAgeSecs: Math.floor(SESSION_MAX_AGE_MS / 1000) };
  }

  /** Whether the cookie id and the page's secret name a live session together; `touch` counts this as use. */
  check(id: string | undefined, secret: string | undefined, touch = true): boolean {
    const s = this.live(id);
    if (!s || !secret || secret.length > 256 || !sameDigest(s.secret, digest(secret))) return false;
    if (touch) {
      s.lastUsedAt = this.now();
      if (s.lastUsedAt - this.savedAt > TOUCH_SAVE_MS) this.save();
    }
    return true;
  }

  /** Whether the session is still live (an open stream's periodic check; the secret was checked at its upgrade). */
  stillLive(id: string): boolean {
    return this.live(id) !== undefined;
  }

  /** Whether the session signed in or re-authenticated within the last five minutes. */
  isFresh(id: string): boolean {
    const s = this.live(id);
    return s !== undefined && this.now() - s.authenticatedAt < REAUTH_WINDOW_MS;
  }

  /** Marks a fresh re-authentication (a login code redeemed by a signed-in page). */
  reauthenticated(id: string): void {
    const s = this.live(id);
    if (!s) return;
    s.authenticatedAt = this.now();
    this.save();
  }

  /** The live sessions, oldest first; `currentId` marks the caller's own. */
  list(currentId: string | undefined): SessionSummary[] {
    const current = currentId === undefined ? undefined : digest(currentId);
    return [...this.byDigest].filter(([, s]) => this.alive(s)).map(([d, s]) => ({
      handle: d.slice(0, 16), createdAt: s.createdAt, lastUsedAt: s.lastUsedAt, current: d === current,
    }));
  }

  /** Ends the session with this handle (from `list`); false when there is none. */
  revoke(handle: string): boolean {
    for (const d of this.byDigest.keys()) {
      if (handle.length === 16 && d.startsWith(handle)) {
        this.byDigest.delete(d);
        this.save();
        return true;
      }
    }
    return false;
  }

  /** Sign-out: ends the session of this cookie id. */
  end(id: string): void {
    if (this.byDigest.delete(digest(id))) this.save();
  }

  private live(id: string | undefined): Session | undefined {
    if (!id || id.length > 256) return undefined;
    const d = digest(id);
    const s = this.byDigest.get(d);
    if (!s) return undefined;
    if (this.alive(s)) return s;
    this.byDigest.delete(d);
    this.save();
    return undefined;
  }

  private alive(s: Session): boolean {
    const t = this.now();
    return t - s.lastUsedAt < SESSION_IDLE_MS && t - s.createdAt < SESSION_MAX_AGE_MS;
  }

  private save(): void {
    this.savedAt = this.now();
    writeJsonFile(this.file, { version: 2, sessions: Object.fromEntries(this.byDigest) });
  }
}
