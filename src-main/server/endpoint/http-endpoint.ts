// The server's HTTP(S) endpoint: create it, check the bind policy, attach the gate and handlers, listen, close.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { AppConfig } from '../config/schema.js';
import type { ConnectionGate } from './connection-gate.js';
import { checkBindPolicy, createListener } from './listener.js';
import type { Logger } from '../telemetry/logger.js';
import type { Metrics } from '../telemetry/metrics.js';

/** Where the server listens, as reported by `start()` and `address()`. */
export interface BoundAddress {
  host: string;
  port: number;
  url: string;
}

export interface HttpEndpointDeps {
  config: AppConfig;
  metrics: Metrics;
  logger: Logger;
  /** Rate, cap and deadline for connections still in their handshake. */
  gate: ConnectionGate;
  onRequest(req: IncomingMessage, res: ServerResponse): void;
  onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

/** How long `close()` waits for connections to end by themselves before destroying them. */
export const CLOSE_GRACE_MS = 5_000;

/** Binds once per `open()`; `close()` releases whatever `open()` created, even when listening failed. */
export class HttpEndpoint {
  private server: Server | null = null;
  private bound: BoundAddress | null = null;
  /** Every accepted TCP connection until it closes, upgraded ones included (`closeAllConnections` only knows HTTP ones). */
  private readonly sockets = new Set<Socket>();

  constructor(private readonly deps: HttpEndpointDeps) {}

  /** Creates and binds the listener; throws on certificate, bind-policy or listen errors. */
  async open(authConfigured: boolean): Promise<BoundAddress> {
    const { config, metrics, logger, gate } = this.deps;
    const listener = createListener(config, this.deps.onRequest);
    checkBindPolicy(config, { authConfigured, tls: listener.scheme === 'https' }, logger);
    const http = listener.server;
    this.server = http;
    gate.attach(http);
    http.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    http.on('request', (req: IncomingMessage) => gate.complete(req.socket));
    http.on('upgrade', this.deps.onUpgrade);
    http.on('clientError', (_err, socket) => {
      metrics.connectionErrors.inc();
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(config.port, config.host, () => resolve());
    });
    const a = http.address() as AddressInfo;
    const hostForUrl = a.family === 'IPv6' ? `[${a.address}]` : a.address;
    this.bound = { host: a.address, port: a.port, url: `${listener.scheme}://${hostForUrl}:${a.port}` };
    return this.bound;
  }

  /** The bound address once listening (kept after `close()`), or null. */
  address(): BoundAddress | null {
    return this.bound;
  }

  /**
   * Stops accepting and waits for the open connections to end; whatever is still open after `graceMs` (a client that
   * never finishes its request, a socket an upgrade route kept) is destroyed, so a stop never hangs.
   */
  async close(graceMs = CLOSE_GRACE_MS): Promise<void> {
    if (!this.server) return;
    const h = this.server;
    const closed = new Promise<void>((resolve) => h.close(() => resolve()));
    const force = setTimeout(() => {
      h.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
    }, graceMs);
    await closed;
    clearTimeout(force);
    h.closeAllConnections();
  }
}
