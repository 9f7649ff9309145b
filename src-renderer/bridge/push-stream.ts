// The web transport's push stream: the `/control/stream` WebSocket, its connection status, reconnecting with backoff.
import { BridgeError, PushFrameSchema, type BridgeReporter, type ConnectionStatus } from '../../src-shared/bridge/index.js';
import { STREAM_CLOSE_UNAUTHORIZED } from '../../src-shared/web-console.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';

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

export interface PushStreamOptions {
  url: string;
  openWebSocket: WebSocketFactory;
  /** The subprotocols of each upgrade (they carry the session secret, which login may change). */
  protocols(): string[];
  backoff: BackoffOptions;
  random(): number;
  reporter: BridgeReporter;
  /** A cheap authenticated call, made after a stream that never opened: a 401 tells "signed out" from "server down". */
  probe(): Promise<unknown>;
  /** The detail shown when the session is refused (the session module may know a better reason, e.g. a failed login). */
  unauthorizedDetail(detail: string): string;
}

export interface PushStream {
  status(): ConnectionStatus;
  onStatus(listener: (s: ConnectionStatus) => void): () => void;
  onPush(listener: (event: string, payload: unknown) => void): () => void;
  /** Opens the stream and keeps it open. */
  start(): void;
  /** Closes it for good. */
  stop(): void;
  /** The session was refused (a call's 401, a sign-out): close, stop retrying, say so. */
  becomeUnauthorized(detail: string): void;
  /** After a login: reconnect at once if the stream had been refused. */
  reopenIfUnauthorized(): void;
}

export const CONNECTING: ConnectionStatus = { state: 'connecting', attempt: 0, retryAt: null, detail: null };

export function createPushStream(o: PushStreamOptions): PushStream {
  let status = CONNECTING;
  let socket: WebSocketLike | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  const pushListeners = new Set<(event: string, payload: unknown) => void>();
  const statusListeners = new Set<(s: ConnectionStatus) => void>();

  const setStatus = (next: ConnectionStatus): void => {
    status = next;
    for (const listener of [...statusListeners]) listener(next);
  };
  const clearRetry = (): void => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
  };
  const dropSocket = (): void => {
    const s = socket;
    socket = null;
    if (!s) return;
    s.onopen = s.onmessage = s.onclose = s.onerror = null;
    s.close(1000, 'client closing');
  };
  const becomeUnauthorized = (detail: string): void => {
    clearRetry();
    dropSocket();
    setStatus({ state: 'unauthorized', attempt: 0, retryAt: null, detail: o.unauthorizedDetail(detail) });
  };
  const scheduleRetry = (detail: string): void => {
    if (!running || status.state === 'unauthorized') return;
    const attempt = status.attempt + 1;
    const delay = backoffDelay(attempt, o.backoff, o.random);
    setStatus({ state: 'disconnected', attempt, retryAt: Date.now() + delay, detail });
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  };
  const probeThenRetry = (detail: string): void => {
    o.probe().then(
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
      o.reporter.warn(`stream frame is not JSON: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const parsed = PushFrameSchema.safeParse(frame);
    if (!parsed.success) {
      o.reporter.warn('stream frame is not {event, payload}');
      return;
    }
    for (const listener of [...pushListeners]) listener(parsed.data.event, parsed.data.payload);
  };

  function connect(): void {
    if (!running) return;
    dropSocket();
    let opened = false;
    setStatus({ ...status, state: status.attempt === 0 ? 'connecting' : status.state, retryAt: null });
    const s = o.openWebSocket(o.url, o.protocols());
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

  return {
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onPush(listener) {
      pushListeners.add(listener);
      return () => pushListeners.delete(listener);
    },
    start() {
      if (running) return;
      running = true;
      connect();
    },
    stop() {
      running = false;
      clearRetry();
      dropSocket();
      setStatus({ state: 'disconnected', attempt: 0, retryAt: null, detail: 'stopped' });
    },
    becomeUnauthorized,
    reopenIfUnauthorized() {
      if (status.state !== 'unauthorized') return;
      setStatus(CONNECTING);
      connect();
    },
  };
}
