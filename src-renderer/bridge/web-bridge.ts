// The browser transport of the Bridge: calls as `POST /control/<channel>`, pushes over the `/control/stream` WebSocket.
import {
  BridgeError, PushFrameSchema, createBridge,
  type Bridge, type BridgeReporter, type BridgeTransport, type ChannelName, type ConnectionStatus,
} from '../../src-shared/bridge/index.js';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './backoff.js';
import { CONTROL_LOGIN_PATH, CONTROL_PATH, CONTROL_STREAM_PATH, STREAM_CLOSE_UNAUTHORIZED } from '../../src-shared/web-console.js';
import { postJson, type FetchLike } from './control-http.js';
import { memorySecretStore, sessionSecret, type SecretStore } from './session-secret.js';

/**
 * The few WebSocket members the transport uses (the browser's WebSocket, or `ws` in tests). Handlers are typed
 * `(ev: never)` so both classes fit; the transport's handlers read `data` on message and `code`/`reason` on close.
 */
export interface WebSocketLike {
  onopen: ((ev: never) => void) | null;
  onmessage: ((ev: never) => void) | null;
  onclose: ((ev: never) => void) | null;
  onerror: ((ev: never) => void) | null;
  close(code?: number, reason?: string): void;
}
export type WebSocketFactory = (url: string, protocols: string[]) => WebSocketLike;

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

const CONNECTING: ConnectionStatus = { state: 'connecting', attempt: 0, retryAt: null, detail: null };

/** Creates the web Bridge; call `start()` (after `login()` when the URL carried a code). */
export function createWebBridge(options: WebBridgeOptions = {}): WebBridge {
  const base = (options.baseUrl ?? globalThis.location.origin).replace(/\/+$/, '');
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const openWebSocket: WebSocketFactory = options.openWebSocket ?? ((url, protocols) => new WebSocket(url, protocols));
  const secret = sessionSecret(options.secretStore ?? (globalThis.sessionStorage as SecretStore | undefined) ?? memorySecretStore());
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const random = options.random ?? Math.random;
  const timeoutMs = options.requestTimeoutMs ?? 15_000;
  const streamUrl = `${base.replace(/^http/, 'ws')}${CONTROL_STREAM_PATH}`;

  let status = CONNECTING;
  let socket: WebSocketLike | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  /** Why the last login failed; shown instead of the server's generic refusal if the session turns out invalid. */
  let loginFailure: string | null = null;
  const pushListeners = new Set<(event: string, payload: unknown) => void>();
  const statusListeners = new Set<(s: ConnectionStatus) => void>();
  const reporter = options.reporter ?? { warn: (m: string) => console.warn(`[web-bridge] ${m}`) };

  const setStatus = (next: ConnectionStatus): void => {
    status = next;
    for (const listener of [...statusListeners]) listener(next);
  };

  const dropSocket = (): void => {
    const s = socket;
    socket = null;
    if (!s) return;
    s.onopen = s.onmessage = s.onclose = s.onerror = null;
    s.close(1000, 'client closing');
  };

  const becomeUnauthorized = (detail: string): void => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    dropSocket();
    setStatus({ state: 'unauthorized', attempt: 0, retryAt: null, detail: loginFailure ?? detail });
  };

  const scheduleRetry = (detail: string): void => {
    if (!running || status.state === 'unauthorized') return;
    const attempt = status.attempt + 1;
    const delay = backoffDelay(attempt, backoff, random);
    setStatus({ state: 'disconnected', attempt, retryAt: Date.now() + delay, detail });
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  };

  /** After a stream that never opened: a 401 on a cheap call tells "signed out" from "server down". */
  const probeThenRetry = (detail: string): void => {
    postJson(fetchImpl, `${base}${CONTROL_PATH}/server:status`, {}, timeoutMs, secret.headers()).then(
      () => scheduleRetry(detail),
      (err: unknown) => {
        if (err instanceof BridgeError && err.code === 'unauthorized') becomeUnauthorized(err.message);
        else scheduleRetry(err instanceof Error ? err.message : detail);
      },
    );
  };

  const onFrame = (data: unknown): void => {
    let frame: unknown;
    try {
      frame = JSON.parse(typeof data === 'string' ? data : String(data));
    } catch (err) {
      reporter.warn(`stream frame is not JSON: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const parsed = PushFrameSchema.safeParse(frame);
    if (!parsed.success) {
      reporter.warn('stream frame is not {event, payload}');
      return;
    }
    for (const listener of [...pushListeners]) listener(parsed.data.event, parsed.data.payload);
  };

  function connect(): void {
    if (!running) return;
    dropSocket();
    let opened = false;
    setStatus({ ...status, state: status.attempt === 0 ? 'connecting' : status.state, retryAt: null });
    const s = openWebSocket(streamUrl, secret.protocols());
    socket = s;
    s.onopen = () => {
      opened = true;
      setStatus({ state: 'connected', attempt: 0, retryAt: null, detail: null });
    };
    s.onmessage = (ev: { data: unknown }) => onFrame(ev.data);
    s.onerror = () => undefined; // a close event always follows; it decides what happens next
    s.onclose = (ev: { code: number; reason: string }) => {
      if (socket !== s) return;
      socket = null;
      if (ev.code === STREAM_CLOSE_UNAUTHORIZED) becomeUnauthorized(ev.reason || 'session ended');
      else if (!opened) probeThenRetry('cannot reach the server');
      else scheduleRetry(ev.reason ? `stream closed: ${ev.reason}` : `stream closed (${ev.code})`);
    };
  }

  const transport: BridgeTransport = {
    async invoke(channel: ChannelName, request: unknown) {
      try {
        return await postJson(fetchImpl, `${base}${CONTROL_PATH}/${channel}`, request, timeoutMs, secret.headers());
      } catch (err) {
        if (err instanceof BridgeError && err.code === 'unauthorized') becomeUnauthorized(err.message);
        throw err;
      }
    },
    listen(listener) {
      pushListeners.add(listener);
      return () => pushListeners.delete(listener);
    },
    connection: () => status,
    onConnection(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
  };

  const bridge = createBridge(transport, reporter);
  return Object.assign(bridge, {
    async login(code: string): Promise<void> {
      try {
        const reply = await postJson(fetchImpl, `${base}${CONTROL_LOGIN_PATH}`, { code }, timeoutMs);
        const issued = (reply as { secret?: unknown } | undefined)?.secret;
        if (typeof issued !== 'string' || issued === '') throw new BridgeError('invalid_response', 'login reply carries no session secret');
        secret.save(issued);
      } catch (err) {
        loginFailure = err instanceof Error ? err.message : String(err);
        throw err;
      }
      loginFailure = null;
      if (status.state === 'unauthorized') {
        setStatus(CONNECTING);
        connect();
      }
    },
    async signOut(): Promise<void> {
      try {
        await postJson(fetchImpl, `${base}${CONTROL_PATH}/session:sign-out`, {}, timeoutMs, secret.headers());
      } finally {
        secret.forget();
        becomeUnauthorized('signed out');
      }
    },
    start(): void {
      if (running) return;
      running = true;
      connect();
    },
    stop(): void {
      running = false;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      dropSocket();
      setStatus({ state: 'disconnected', attempt: 0, retryAt: null, detail: 'stopped' });
    },
  });
}
