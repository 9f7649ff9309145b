// The browser transport of the Bridge: calls as `POST /control/<channel>`, pushes over the `/control/stream` WebSocket.
import { BridgeError, createBridge, type Bridge, type BridgeReporter, type BridgeTransport } from '../../src-shared/bridge/index.js';
import { CONTROL_LOGIN_PATH, CONTROL_PATH, CONTROL_STREAM_PATH } from '../../src-shared/web-console.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { postJson, type FetchLike } from './control-http.js';
import { createPushStream, type WebSocketFactory } from './push-stream.js';
import { memorySecretStore, sessionSecret, type SecretStore } from './session-secret.js';
import { createWebSession } from './web-session.js';

export type { WebSocketFactory, WebSocketLike } from './push-stream.js';
export type { SecretStore } from './session-secret.js';

export interface WebBridgeOptions {
  /** Origin of the server, e.g. `http://127.0.0.1:8080` (default: the page's origin). */
  baseUrl?: string;
  fetch?: FetchLike;
  openWebSocket?: WebSocketFactory;
  backoff?: Partial<BackoffOptions>;
  random?: () => number;
  /** Per-call timeout in ms (default 15000). */
  requestTimeoutMs?: number;
  reporter?: BridgeReporter;
  /** Default: the page's `sessionStorage` (in memory where there is none). */
  secretStore?: SecretStore;
}

export interface WebBridge extends Bridge {
  /** Exchanges the one-time code from the console URL for the session cookie and the page's session secret. */
  login(code: string): Promise<void>;
  /** Ends this page's session on the server and forgets its secret. */
  signOut(): Promise<void>;
  /** Opens the push stream and keeps it open, reconnecting with backoff. */
  start(): void;
  /** Closes the stream for good. */
  stop(): void;
}

/** Creates the web Bridge; call `start()` (after `login()` when the URL carried a code). */
export function createWebBridge(options: WebBridgeOptions = {}): WebBridge {
  const base = (options.baseUrl ?? globalThis.location.origin).replace(/\/+$/, '');
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const secret = sessionSecret(options.secretStore ?? (globalThis.sessionStorage as SecretStore | undefined) ?? memorySecretStore());
  const timeoutMs = options.requestTimeoutMs ?? 15_000;
  const reporter = options.reporter ?? { warn: (m: string) => console.warn(`[web-bridge] ${m}`) };
  const call = (channel: string, body: unknown) => postJson(fetchImpl, `${base}${CONTROL_PATH}/${channel}`, body, timeoutMs, secret.headers());

  const session = createWebSession({
    secret,
    postLogin: (code) => postJson(fetchImpl, `${base}${CONTROL_LOGIN_PATH}`, { code }, timeoutMs),
    postSignOut: () => call('session:sign-out', {}),
    signedIn: () => stream.reopenIfUnauthorized(),
    signedOut: () => stream.becomeUnauthorized('signed out'),
  });
  const stream = createPushStream({
    url: `${base.replace(/^http/, 'ws')}${CONTROL_STREAM_PATH}`,
    openWebSocket: options.openWebSocket ?? ((url, protocols) => new WebSocket(url, protocols)),
    protocols: () => secret.protocols(),
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    random: options.random ?? Math.random,
    reporter,
    probe: () => call('server:status', {}),
    unauthorizedDetail: (detail) => session.refusalDetail(detail),
  });

  const transport: BridgeTransport = {
    async invoke(channel, request) {
      try {
        return await call(channel, request);
      } catch (err) {
        if (err instanceof BridgeError && err.code === 'unauthorized') stream.becomeUnauthorized(err.message);
        throw err;
      }
    },
    listen: (listener) => stream.onPush(listener),
    connection: () => stream.status(),
    onConnection: (listener) => stream.onStatus(listener),
  };

  return Object.assign(createBridge(transport, reporter), {
    login: (code: string) => session.login(code),
    signOut: () => session.signOut(),
    start: () => stream.start(),
    stop: () => stream.stop(),
  });
}
