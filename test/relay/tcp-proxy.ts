// A TCP proxy for fault tests on 127.0.0.1: pass, black hole (stop forwarding, no FIN), reset (RST), slow (added latency).
import net from 'node:net';
import { performance } from 'node:perf_hooks';

/** `pass` forwards; `blackhole` drops every byte and never closes; `reset` sends RST and refuses new connections the same way; `slow` adds latency per chunk. */
export type ProxyMode = 'pass' | 'blackhole' | 'reset' | 'slow';

/** One proxied connection, for assertions. */
export interface ProxyLink {
  mode: Exclude<ProxyMode, 'reset'>;
  /** Chunks the client sent that the black hole swallowed. */
  droppedFromClient: number;
  clientClosed: boolean;
}

export interface TcpProxy {
  port: number;
  /** `ws://127.0.0.1:<port><path>`. */
  wsUrl(path?: string): string;
  /** performance.now() of every accepted connection, in order (refused ones included). */
  readonly accepts: number[];
  /** Switches existing and new connections; `slowMs` is the added latency for `slow`. */
  setMode(mode: ProxyMode, slowMs?: number): void;
  /** Existing connections go silent (no FIN, no RST); new ones keep the current mode. Returns them. */
  blackholeExisting(): ProxyLink[];
  /** Sends RST on existing connections; new ones keep the current mode. */
  resetExisting(): void;
  /** Connections currently open on the client side. */
  openLinks(): number;
  close(): Promise<void>;
}

const sleepUntil = (t: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, t - performance.now())));

interface Link extends ProxyLink {
  client: net.Socket;
  server: net.Socket;
  slowMs: number;
}

/** Forwards one direction; chunks keep their order whatever the mode changes in between. */
function forward(link: Link, src: net.Socket, dst: net.Socket, fromClient: boolean): void {
  let chain = Promise.resolve();
  let queued = 0;
  let lastRelease = 0;
  src.on('data', (chunk: Buffer) => {
    if (link.mode === 'blackhole') {
      if (fromClient) link.droppedFromClient += 1;
      return;
    }
    const latency = link.mode === 'slow' ? link.slowMs : 0;
    if (latency === 0 && queued === 0) {
      if (!dst.destroyed) dst.write(chunk);
      return;
    }
    queued += 1;
    lastRelease = Math.max(lastRelease, performance.now() + latency);
    const at = lastRelease;
    chain = chain.then(() => sleepUntil(at)).then(() => {
      queued -= 1;
      if (link.mode !== 'blackhole' && !dst.destroyed) dst.write(chunk);
    });
  });
  src.on('end', () => {
    if (link.mode !== 'blackhole') void chain.then(() => dst.end());
  });
}

export async function startTcpProxy(targetPort: number, host = '127.0.0.1'): Promise<TcpProxy> {
  const links = new Set<Link>();
  const accepts: number[] = [];
  let mode: ProxyMode = 'pass';
  let slowMs = 0;
  const reset = (s: net.Socket) => {
    if (!s.destroyed) s.resetAndDestroy();
  };
  const server = net.createServer((client) => {
    accepts.push(performance.now());
    client.on('error', () => undefined);
    if (mode === 'reset') return reset(client);
    const upstream = net.connect(targetPort, host);
    upstream.on('error', () => undefined);
    const link: Link = { client, server: upstream, mode, slowMs, droppedFromClient: 0, clientClosed: false };
    links.add(link);
    forward(link, client, upstream, true);
    forward(link, upstream, client, false);
    client.on('close', () => {
      link.clientClosed = true;
      if (link.mode !== 'blackhole') upstream.destroy();
      if (upstream.destroyed) links.delete(link);
    });
    upstream.on('close', () => {
      if (link.mode !== 'blackhole') client.destroy();
      if (client.destroyed) links.delete(link);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    wsUrl: (path = '/ws') => `ws://127.0.0.1:${port}${path}`,
    accepts,
    setMode(next, ms = 0) {
      mode = next;
      slowMs = ms;
      for (const l of links) {
        if (next === 'reset') {
          reset(l.client);
          reset(l.server);
        } else if (l.mode !== 'blackhole') {
          l.mode = next;
          l.slowMs = ms;
        }
      }
    },
    blackholeExisting() {
      const hit = [...links].filter((l) => !l.clientClosed);
      for (const l of hit) l.mode = 'blackhole';
      return hit;
    },
    resetExisting() {
      for (const l of links) {
        reset(l.client);
        reset(l.server);
      }
    },
    openLinks: () => [...links].filter((l) => !l.clientClosed).length,
    async close() {
      for (const l of links) {
        l.client.destroy();
        l.server.destroy();
      }
      links.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
