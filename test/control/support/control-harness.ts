// A real relay server on 127.0.0.1:0 with the control service and web console mounted, plus HTTP and stream helpers.
import { afterEach } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { CONSOLE_STREAM_PROTOCOL, SESSION_SECRET_HEADER, SESSION_SECRET_PROTOCOL_PREFIX } from '../../../src-shared/bridge/index.js';
import type { ConfigInput } from '../../../src-main/server/config/schema.js';
import type { CoreServerOptions } from '../../../src-main/server/server.js';
import { startUpstreamRelays, type UpstreamRelays } from '../../../src-main/relay/index.js';
import type { Notifications } from '../../../src-main/notify/index.js';
import { createControlService, type ControlService } from '../../../src-main/control/control-service.js';
import { mountWebConsole, type WebConsole } from '../../../src-main/control/web-console.js';
import { publishTokenKeeper } from '../../../src-main/control/publish-token-keeper.js';
import type { SecretVault } from '../../../src-main/control/secret-vault.js';
import { startServer, TEST_TOKEN, type Harness } from '../../support/server-harness.js';
import { FAST_TIMINGS } from '../../relay/relay-harness.js';

export { TEST_TOKEN };

export interface ControlHarnessOptions {
  /** Kept (not removed) when given: a later harness on the same dir sees what this one saved. */
  dataDir?: string;
  config?: ConfigInput;
  serverOptions?: CoreServerOptions;
  notifications?: (h: Harness) => Notifications;
  testNotification?: () => Promise<void>;
  tokenFromConfig?: boolean;
  rendererDir?: string;
  now?: () => number;
  /** Where upstream tokens go (default: the service's own 0600 file vault). */
  secrets?: SecretVault;
}

export interface ControlHarness {
  h: Harness;
  relay: UpstreamRelays;
  service: ControlService;
  webConsole: WebConsole;
  dataDir: string;
  notifications?: Notifications;
  /** Signs in through a console URL; returns the Cookie header value (the page's secret is kept for `call`). */
  login(): Promise<string>;
  /** The session secret the last login handed to the page. */
  secret(): string;
  /** Origin, cookie and secret header: what the signed-in page sends with every call. */
  sessionHeaders(): Record<string, string>;
  /** `POST /control/<channel>` as the signed-in page (cookie, secret and own Origin), unless headers say otherwise. */
  call(channel: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: unknown; headers: Headers }>;
  stop(): Promise<void>;
}

/** A tiny stand-in for dist-renderer/, with a file beside it that must never be served. */
export function fakeRendererDir(): string {
  const base = mkdtempSync(join(tmpdir(), 'ir-renderer-'));
  const root = join(base, 'dist-renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Incident Relay</title><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(join(root, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'app.js.map'), '{}');
  writeFileSync(join(root, 'assets', '.hidden'), 'hidden');
  writeFileSync(join(base, 'secret.txt'), 'outside the renderer');
  return root;
}

export async function startControlHarness(opts: ControlHarnessOptions = {}): Promise<ControlHarness> {
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'ir-control-'));
  const rendererDir = opts.rendererDir ?? fakeRendererDir();
  const h = await startServer(opts.config ?? {}, opts.serverOptions ?? {});
  const relay = startUpstreamRelays(h.server, [], h.server.logger, { timings: FAST_TIMINGS });
  const notifications = opts.notifications?.(h);
  const publishToken = publishTokenKeeper({ server: h.server, token: TEST_TOKEN, dataDir, fromConfig: opts.tokenFromConfig ?? false });
  const service = createControlService({
    server: h.server, dataDir, publishToken, relay, notifications, testNotification: opts.testNotification,
    localUser: 'tester', ...(opts.now ? { now: opts.now } : {}), ...(opts.secrets ? { secrets: opts.secrets } : {}),
  });
  const webConsole = mountWebConsole({ server: h.server, service, dataDir, publishToken, rendererDir, ...(opts.now ? { now: opts.now } : {}) });
  let cookie = '';
  let secret = '';
  const call: ControlHarness['call'] = async (channel, body = {}, headers = {}) => {
    const res = await fetch(`${h.url}/control/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: h.url, ...(cookie ? { cookie, [SESSION_SECRET_HEADER]: secret } : {}), ...headers },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) as unknown : undefined, headers: res.headers };
  };
  return {
    h, relay, service, webConsole, dataDir, notifications,
    async login() {
      const code = new URL(webConsole.loginUrl()).searchParams.get('code')!;
      const res = await fetch(`${h.url}/control/login`, {
        method: 'POST', headers: { 'content-type': 'application/json', origin: h.url }, body: JSON.stringify({ code }),
      });
      if (res.status !== 200) throw new Error(`login refused: ${res.status} ${await res.text()}`);
      cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      secret = ((await res.json()) as { secret: string }).secret;
      return cookie;
    },
    secret: () => secret,
    sessionHeaders: () => ({ origin: h.url, cookie, [SESSION_SECRET_HEADER]: secret }),
    call,
    async stop() {
      await webConsole.close();
      await service.close();
      await notifications?.stop();
      await relay.stop();
      await h.stop();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
      if (!opts.rendererDir) rmSync(join(rendererDir, '..'), { recursive: true, force: true });
    },
  };
}

/** A `/control/stream` client collecting `{event, payload}` frames. */
export interface StreamClient {
  ws: WebSocket;
  frames: { event: string; payload: unknown }[];
  /** Resolves with the close code. */
  closed: Promise<number>;
  close(): void;
}

/** Opens the stream (offering the page's session secret as a subprotocol when given); rejects with the refusal status. */
export function openStream(url: string, headers: Record<string, string>, secret?: string): Promise<StreamClient> {
  return new Promise((resolve, reject) => {
    const protocols = secret === undefined ? [] : [CONSOLE_STREAM_PROTOCOL, `${SESSION_SECRET_PROTOCOL_PREFIX}${secret}`];
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/control/stream`, protocols, { headers });
    const frames: StreamClient['frames'] = [];
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.on('message', (data) => frames.push(JSON.parse(String(data)) as { event: string; payload: unknown }));
    ws.once('open', () => resolve({ ws, frames, closed, close: () => ws.close() }));
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`refused with ${res.statusCode}`));
      ws.terminate();
    });
    ws.once('error', (err) => reject(err));
  });
}

/** For a test file: stops, after each test, what it started; `harness` starts a control harness and registers it. */
export function controlHarnessPerTest(): { cleanups: (() => Promise<void> | void)[]; harness(opts?: ControlHarnessOptions): Promise<ControlHarness> } {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return {
    cleanups,
    async harness(opts = {}) {
      const h = await startControlHarness(opts);
      cleanups.push(() => h.stop());
      return h;
    },
  };
}

