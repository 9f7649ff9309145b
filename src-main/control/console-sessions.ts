// Console sessions behind the HttpOnly cookie: 256-bit ids, kept (hashed) in the data dir so a restart keeps them.
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile, type ProblemReporter } from './json-file.js';

export const SESSION_COOKIE = 'ir_session';
export const SESSIONS_FILE = 'console-sessions.json';
/** A session unused this long ends. */
export const SESSION_IDLE_MS = 24 * 3_600_000;
/** A session ends this long after login whatever its use. */
export const SESSION_MAX_AGE_MS = 7 * 24 * 3_600_000;
export const SESSIONS_MAX = 64;
/** Use extends a session; the file is rewritten at most this often for that. */
const TOUCH_SAVE_MS = 10 * 60_000;

const SessionSchema = z.object({ createdAt: z.number(), lastUsedAt: z.number() });
type Session = z.infer<typeof SessionSchema>;
const FileSchema = z.object({ version: z.literal(1), sessions: z.record(z.string(), SessionSchema) });

const digest = (id: string): string => createHash('sha256').update(id).digest('base64url');

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
    const stored = readJsonFile(this.file, FileSchema, report);
    for (const [d, s] of Object.entries(stored?.sessions ?? {})) if (this.alive(s)) this.byDigest.set(d, s);
  }

  /** A new session; returns its id (the cookie value) and the cookie's Max-Age in seconds. */
  create(): { id: string; maxAgeSecs: number } {
    const id = randomBytes(32).toString('base64url');
    const at = this.now();
    this.byDigest.set(digest(id), { createdAt: at, lastUsedAt: at });
    if (this.byDigest.size > SESSIONS_MAX) this.byDigest.delete(this.byDigest.keys().next().value!);
    this.save();
    return { id, maxAgeSecs: Math.floor(SESSION_MAX_AGE_MS / 1000) };
  }

  /** Whether `id` names a live session; `touch` counts this as use (extends the idle deadline). */
  check(id: string | undefined, touch = true): boolean {
    if (!id || id.length > 256) return false;
    const d = digest(id);
    const s = this.byDigest.get(d);
    if (!s) return false;
    if (!this.alive(s)) {
      this.byDigest.delete(d);
      this.save();
      return false;
    }
    if (touch) {
      s.lastUsedAt = this.now();
      if (s.lastUsedAt - this.savedAt > TOUCH_SAVE_MS) this.save();
    }
    return true;
  }

  private alive(s: Session): boolean {
    const t = this.now();
    return t - s.lastUsedAt < SESSION_IDLE_MS && t - s.createdAt < SESSION_MAX_AGE_MS;
  }

  private save(): void {
    this.savedAt = this.now();
    writeJsonFile(this.file, { version: 1, sessions: Object.fromEntries(this.byDigest) });
  }
}
