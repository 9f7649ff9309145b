// One-time login codes for the console URL: 256 random bits, single use, valid for ten minutes.
import { createHash, randomBytes } from 'node:crypto';

export const LOGIN_CODE_TTL_MS = 10 * 60_000;
/** Codes outstanding at once; issuing more forgets the oldest. */
export const OUTSTANDING_MAX = 16;

const digest = (code: string): string => createHash('sha256').update(code).digest('base64url');

export class LoginCodes {
  /** By SHA-256 of the code (looked up by digest, so the comparison leaks nothing about the code): expiry time. */
  private readonly codes = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now, private readonly ttlMs: number = LOGIN_CODE_TTL_MS) {}

  issue(): string {
    const code = randomBytes(32).toString('base64url');
    this.codes.set(digest(code), this.now() + this.ttlMs);
    if (this.codes.size > OUTSTANDING_MAX) this.codes.delete(this.codes.keys().next().value!);
    return code;
  }

  /** True once for a code issued here less than ten minutes ago; the code is spent either way. */
  redeem(code: string): boolean {
    if (code.length === 0 || code.length > 256) return false;
    const key = digest(code);
    const expires = this.codes.get(key);
    this.codes.delete(key);
    return expires !== undefined && expires > this.now();
  }
}
