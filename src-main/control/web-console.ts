// The web console on the relay's own port: the built UI at `/`, the bridge at `/control/*`, pushes at `/control/stream`.
import { type BrowserSafetyPolicy, isLoopbackHost, type Logger, type CoreServer } from '../server/index.js';
import { ConsoleSessions } from './console-sessions.js';
import type { ControlService } from './control-service.js';
import { controlRoutes } from './control-routes.js';
import { CONTROL_STREAM_PATH } from '../../src-shared/web-console.js';
import { createControlStream } from './control-stream.js';
import { LoginCodes } from './login-codes.js';
import { sessionRoutes } from './session-routes.js';
import type { PublishTokenPort } from './publish-token-keeper.js';
import { reachableUrl } from './server-info.js';
import { defaultRendererDir, staticRoutes } from './static-files.js';

export interface WebConsoleOptions {
  server: CoreServer;
  service: Pick<ControlService, 'handlers' | 'subscribe'>;
  /** Where console sessions are kept (hashed), so that a restart does not sign the page out. */
  dataDir: string;
  publishToken: Pick<PublishTokenPort, 'reveal'>;
  /** The built renderer; default `dist-renderer/` of this package. */
  rendererDir?: string;
  logger?: Logger;
  now?: () => number;
}

export interface WebConsole {
  /** `http://127.0.0.1:PORT/?code=<one-time code>`: a fresh code each call, for the started server. */
  loginUrl(): string;
  /** Open push streams. */
  streamCount(): number;
  /** Closes the push streams (call before the server stops). */
  close(): Promise<void>;
}

/** The Host allowlist the server applies to its own routes (loopback names, configured hosts, a named bind host). */
function safetyPolicy(server: CoreServer): BrowserSafetyPolicy {
  const c = server.config;
  const named = !isLoopbackHost(c.host) && c.host !== '0.0.0.0' && c.host !== '::';
  return { allowedHosts: [...c.allowed_hosts, ...(named ? [c.host] : [])], allowedOrigins: c.allowed_origins };
}

/** Adds the console's routes and stream to `server` (before or after it starts). */
export function mountWebConsole(opts: WebConsoleOptions): WebConsole {
  const { server } = opts;
  const logger = opts.logger ?? server.logger;
  const now = opts.now ?? Date.now;
  const sessions = new ConsoleSessions(opts.dataDir, (message, fields) => logger.warn(message, fields), now);
  const codes = new LoginCodes(now);
  const stream = createControlStream({
    subscribe: (listener) => opts.service.subscribe(listener), sessions, safety: safetyPolicy(server),
    publishToken: () => opts.publishToken.reveal(), logger,
  });
  const loginUrl = (): string => {
    const addr = server.address();
    if (!addr) throw new Error('the server is not started yet');
    return `${reachableUrl(addr.url)}/?code=${codes.issue()}`;
  };
  server.addRoutes(
    ...sessionRoutes({ sessions, codes, loginUrl, onSessionsEnded: () => stream.dropEndedSessions() }),
    ...controlRoutes({ handlers: opts.service.handlers, sessions, codes, secure: () => server.address()?.url.startsWith('https:') ?? false }),
    ...staticRoutes(opts.rendererDir ?? defaultRendererDir()),
  );
  server.addUpgradeRoute(CONTROL_STREAM_PATH, stream.route);
  return {
    loginUrl,
    streamCount: () => stream.count(),
    close: () => stream.close(),
  };
}
