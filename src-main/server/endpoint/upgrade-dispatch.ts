// WebSocket upgrade dispatch: extra endpoints by exact path, `/ws` through the admission check into ws, refusal otherwise.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppConfig } from '../config/schema.js';
import type { ConnectionGate } from './connection-gate.js';
import type { Logger } from '../telemetry/logger.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { Credentials } from '../auth/credentials.js';
import { checkBrowserSafety } from '../http/browser-safety.js';
import { MSGPACK_SUBPROTOCOL } from '../../../src-shared/protocol/index.js';
import { deflatesReplay } from '../transport/replay-compression.js';
import type { UpgradedLink } from '../transport/ws-adapter.js';
import { admitUpgrade, refuseUpgrade, selectProtocol, type UpgradeGateDeps } from './upgrade.js';

/** Handles an upgrade request on its own path; it owns the socket (checks, refusal or hand-over to its own ws server). */
export type UpgradeRoute = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface UpgradeDispatchDeps {
  config: AppConfig;
  metrics: Metrics;
  logger: Logger;
  /** Told when a connection finished its handshake, so its deadline is lifted. */
  gate: ConnectionGate;
  /** Browser safety and credentials for `/ws`. */
  admission: UpgradeGateDeps;
  /** Extra endpoints at start; more may be added later with `addRoute`. */
  routes: Record<string, UpgradeRoute>;
  /** During shutdown every upgrade is refused with 503. */
  isDraining(): boolean;
  /** Receives each socket admitted on `/ws`. */
  onConnection(ws: WebSocket, credentials: Credentials, link: UpgradedLink): void;
}

export interface UpgradeDispatcher {
  /** The HTTP server's `upgrade` listener. */
  handle(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  addRoute(path: string, route: UpgradeRoute): void;
  /** Closes the `/ws` WebSocket server (the sessions are closed by the session lifecycle). */
  close(): void;
}

/** Creates the `/ws` WebSocket server (noServer) and the `upgrade` listener in front of it. */
export function createUpgradeDispatcher(deps: UpgradeDispatchDeps): UpgradeDispatcher {
  const { config, metrics, logger, gate } = deps;
  const routes = new Map<string, UpgradeRoute>(Object.entries(deps.routes));
  // One compressed frame per event for every session needs server_no_context_takeover (issue 3).
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.max_payload_bytes,
    handleProtocols: selectProtocol,
    perMessageDeflate: config.enable_compression ? { serverNoContextTakeover: true, clientNoContextTakeover: false, threshold: 1024 } : false,
    clientTracking: false,
  });
  // The negotiated extensions, as ws writes them into the 101 response (read back in handleUpgrade's callback).
  const answeredExtensions = new WeakMap<IncomingMessage, string>();
  wss.on('headers', (headers, req) => {
    const line = headers.find((h) => h.toLowerCase().startsWith('sec-websocket-extensions:'));
    if (line) answeredExtensions.set(req, line.slice(line.indexOf(':') + 1).trim());
  });

  const handle = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => metrics.connectionErrors.inc());
    // Host and Origin are checked before anything else, so a foreign page learns nothing, not even which paths exist.
    const safe = checkBrowserSafety(req, deps.admission.safety);
    if (!safe.ok) {
      metrics.connectionErrors.inc();
      refuseUpgrade(socket, 403, safe.reason);
      return;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const draining = deps.isDraining();
    const extra = routes.get(path);
    if (extra && !draining) {
      gate.complete(socket as Socket);
      extra(req, socket, head);
      return;
    }
    if (path !== '/ws' || draining) {
      metrics.connectionErrors.inc();
      refuseUpgrade(socket, draining ? 503 : 404, draining ? 'server is shutting down' : 'WebSocket endpoint is /ws');
      return;
    }
    admitUpgrade(req, deps.admission).then((verdict) => {
      if (!verdict.ok) {
        metrics.connectionErrors.inc();
        refuseUpgrade(socket, verdict.status, verdict.reason);
        return;
      }
      if (socket.destroyed) return;
      wss.handleUpgrade(req, socket, head, (ws) => {
        gate.complete(socket as Socket);
        deps.onConnection(ws, verdict.credentials, {
          raw: socket as Socket, extensionsHeader: answeredExtensions.get(req) ?? '', format: ws.protocol === MSGPACK_SUBPROTOCOL ? 'msgpack' : 'json',
          deflateReplay: deflatesReplay(config.replay_compression, (socket as Socket).remoteAddress),
        });
      });
    }).catch((err: unknown) => {
      logger.error('upgrade failed', { error: (err as Error).message });
      refuseUpgrade(socket, 500, 'internal error');
    });
  };

  return {
    handle,
    addRoute: (path, route) => void routes.set(path, route),
    close: () => wss.close(),
  };
}
