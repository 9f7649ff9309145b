// Connection admission: a server-wide rate limit on new TCP connections, and a cap and a deadline on connections
// that have not finished their handshake (TLS, then a complete HTTP request or WebSocket upgrade). At the cap the
// OLDEST unfinished handshake is shed, never the new arrival: sockets that sit idle or trickle cannot lock others out.
import type { Server as NetServer, Socket } from 'node:net';

export interface ConnectionGateOptions {
  /** A connection must finish its handshake within this (ms), or it is destroyed. */
  handshakeTimeoutMs: number;
  /** Connections allowed in the handshake phase at once; one more sheds the oldest of them. */
  maxPending: number;
  /** New connections per second (token bucket whose burst is one second's worth). */
  maxPerSec: number;
  /** Called for each connection refused (rate), shed at the cap (the oldest pending one) or timed out. */
  onRefused?(reason: 'rate' | 'shed' | 'timeout'): void;
  now?(): number;
}

/** Identifies a connection by its peer address and port, which a TLS socket shares with the TCP socket under it. */
export const connectionKey = (s: { remoteAddress?: string; remotePort?: number }): string | undefined =>
  s.remoteAddress === undefined || s.remotePort === undefined ? undefined : `${s.remoteAddress}|${s.remotePort}`;

/**
 * Node's `headersTimeout`/`requestTimeout` only apply once a request has begun and are checked on a coarse interval;
 * a socket that sends nothing (or a trickle) would otherwise hold a file descriptor until the OS gives up.
 */
export class ConnectionGate {
  private readonly pending = new Map<string, { socket: Socket; timer: NodeJS.Timeout }>();
  private tokens: number;
  private last: number;
  private readonly now: () => number;

  constructor(private readonly opts: ConnectionGateOptions) {
    this.now = opts.now ?? (() => performance.now());
    this.tokens = opts.maxPerSec;
    this.last = this.now();
  }

  /** Watches the raw TCP connections of a server (for TLS servers too: their 'connection' event gives the TCP socket). */
  attach(server: NetServer): void {
    server.prependListener('connection', (socket: Socket) => this.admit(socket));
  }

  /** Connections still in the handshake phase. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** The connection of this socket (TCP or the TLS socket over it) finished its handshake: no deadline any more. */
  complete(socket: { remoteAddress?: string; remotePort?: number }): void {
    const key = connectionKey(socket);
    const entry = key === undefined ? undefined : this.pending.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(key!);
  }

  /** Shutdown: clears every deadline and destroys the connections still in their handshake. */
  close(): void {
    for (const { socket, timer } of this.pending.values()) {
      clearTimeout(timer);
      socket.destroy();
    }
    this.pending.clear();
  }

  private admit(socket: Socket): void {
    const key = connectionKey(socket);
    if (key === undefined) {
      socket.destroy();
      return;
    }
    if (!this.takeToken()) return this.turnAway(socket, 'rate');
    if (this.pending.size >= this.opts.maxPending) this.shedOldest();
    const timer = setTimeout(() => {
      if (this.pending.get(key)?.socket !== socket) return;
      this.pending.delete(key);
      this.opts.onRefused?.('timeout');
      socket.destroy();
    }, this.opts.handshakeTimeoutMs);
    timer.unref();
    this.pending.set(key, { socket, timer });
    socket.once('close', () => {
      const entry = this.pending.get(key);
      if (entry?.socket !== socket) return;
      clearTimeout(entry.timer);
      this.pending.delete(key);
    });
  }

  /** The Map keeps insertion order: its first entry is the handshake that has been pending longest. */
  private shedOldest(): void {
    const oldest = this.pending.entries().next().value;
    if (!oldest) return;
    const [key, { socket, timer }] = oldest;
    clearTimeout(timer);
    this.pending.delete(key);
    this.opts.onRefused?.('shed');
    socket.destroy();
  }

  /** Destroyed at once, before any byte is read: nothing it sent can reach a handler. */
  private turnAway(socket: Socket, reason: 'rate'): void {
    this.opts.onRefused?.(reason);
    socket.destroy();
  }

  private takeToken(): boolean {
    const now = this.now();
    const rate = this.opts.maxPerSec;
    this.tokens = Math.min(rate, this.tokens + ((now - this.last) / 1000) * rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
