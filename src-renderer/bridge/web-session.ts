// The console page's sign-in: login with a one-time code (keeps the session secret), sign-out, and why a login failed.
import { BridgeError } from '../../src-shared/bridge/index.js';
import type { SessionSecret } from './session-secret.js';

export interface WebSessionDeps {
  secret: SessionSecret;
  /** `POST /control/login` without the secret header (the page has none yet). */
  postLogin(code: string): Promise<unknown>;
  /** `POST /control/session:sign-out` with the secret header. */
  postSignOut(): Promise<unknown>;
  /** Called after a successful login (the stream reconnects if it had been refused). */
  signedIn(): void;
  /** Called after a sign-out, whether or not the server answered. */
  signedOut(): void;
}

export interface WebSession {
  login(code: string): Promise<void>;
  signOut(): Promise<void>;
  /** Why the session is refused: the last failed login's reason when there is one, else the server's `detail`. */
  refusalDetail(detail: string): string;
}

export function createWebSession(deps: WebSessionDeps): WebSession {
  /** Why the last login failed; shown instead of the server's generic refusal if the session turns out invalid. */
  let loginFailure: string | null = null;
  return {
    async login(code) {
      try {
        const reply = await deps.postLogin(code);
        const issued = (reply as { secret?: unknown } | undefined)?.secret;
        if (typeof issued !== 'string' || issued === '') throw new BridgeError('invalid_response', 'login reply carries no session secret');
        deps.secret.save(issued);
      } catch (err) {
        loginFailure = err instanceof Error ? err.message : String(err);
        throw err;
      }
      loginFailure = null;
      deps.signedIn();
    },
    async signOut() {
      try {
        await deps.postSignOut();
      } finally {
        deps.secret.forget();
        deps.signedOut();
      }
    },
    refusalDetail: (detail) => loginFailure ?? detail,
  };
}
