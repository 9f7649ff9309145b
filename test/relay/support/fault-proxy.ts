// A TCP fault proxy on 127.0.0.1 for relay tests: pass, black hole, reset, refuse, trickle and latency.
import net from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * `pass` forwards; `blackhole` drops every byte and never closes; `reset` sends RST, also to new connections;
 * `slow` adds latency per chunk; `trickle` forwards a few bytes per tick (with backpressure on the sender).
 * Refusing connections (nothing listening) is `refuse()`/`accept()`.
 */
export type ProxyMode = 'pass' | 'blackhole' | 'reset' | 'slow' | 'trickle';

/** Bytes per tick and tick length of `trickle`. */
export interface TrickleRate { bytes: number; everyMs: number }

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
  /** performance.now() of every accepted connection, in order (reset ones included). */
  readonly accepts: number[];
  /** Switches existing and new connections; `slowMs` is the added latency for `slow`. */
  setMode(mode: ProxyMode, slowMs?: number): void;
  /** Switches existing and new connections to `trickle` at this rate. */
  trickle(rate: TrickleRate): void;
  /** Existing connections go silent (no FIN, no RST); new ones keep the current mode. Returns them. */
  blackholeExisting(): ProxyLink[];
  /** Sends RST on existing connections; new ones keep the current mode. */
  resetExisting(): void;
  /** Stops listening (connections are refused) and resets the existing ones. */
  refuse(): Promise<void>;
  /** Listens again on the same port. */
  accept(): Promise<void>;
  /** Connections currently open on the client side. */
  openLinks(): number;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
/** Above this many queued bytes the sending side is paused, so a slow link pushes back like a real one. */
const QUEUE_HIGH_WATER = 64 * 1024;

interface Link extends ProxyLink {
  client: net.Socket;
  server: net.Socket;
  slowMs: number;
  rate: TrickleRate;
}

/** Forwards one direction through a queue; chunks keep their order whatever the mode changes in between. Returns `afterFlush`. */
function forward(link: Link, src: net.Socket, dst: net.Socket, fromClient: boolean): (then: () => void) => void {
  const flushed: (() => void)[] = [];
  const queue: { chunk: Buffer; at: number }[] = [];
  let queuedBytes = 0;
  let pumping = false;
  let ended = false;
  const holed = () => link.mode === 'blackhole'; // read afresh after each await: the mode changes under the pump
  const pump = async () => {
    if (pumping) return;
    pumping = true;
    while (queue.length > 0 && !holed() && !dst.destroyed) {
      const head = queue[0]!;
      await sleep(head.at - performance.now());
      if (holed()) break;
      const take = link.mode === 'trickle' ? Math.min(link.rate.bytes, head.chunk.length) : head.chunk.length;
      dst.write(head.chunk.subarray(0, take));
      queuedBytes -= take;
      if (take === head.chunk.length) queue.shift();
      else head.chunk = head.chunk.subarray(take);
      if (queuedBytes < QUEUE_HIGH_WATER) src.resume();
      if (link.mode === 'trickle') await sleep(link.rate.everyMs);
    }
    pumping = false;
    if (ended && queue.length === 0 && !holed()) dst.end();
    if (queue.length === 0 || holed() || dst.destroyed) for (const f of flushed.splice(0)) f();
  };
  src.on('data', (chunk: Buffer) => {
    if (link.mode === 'blackhole') {
      if (fromClient) link.droppedFromClient += 1;
      return;
    }
    queue.push({ chunk, at: performance.now() + (link.mode === 'slow' ? link.slowMs : 0) });
    queuedBytes += chunk.length;
    if (queuedBytes >= QUEUE_HIGH_WATER) src.pause();
    void pump();
  });
  src.on('end', () => {
    ended = true;
    void pump();
  });
  return (then) => {
    flushed.push(then);
    void pump();
  };
}

export async function startTcpProxy(targetPort: number, host = '127.0.0.1'): Promise<TcpProxy> {
  const links = new Set<Link>();
  const accepts: number[] = [];
  let mode: ProxyMode = 'pass';
  let slowMs = 0;
  let rate: TrickleRate = { bytes: 1, everyMs: 50 };
  const reset = (s: net.Socket) => {
    if (!s.destroyed) s.resetAndDestroy();
  };
  const resetAll = () => {
    for (const l of links) {
      reset(l.client);
      reset(l.server);
    }
  };
  const server = net.createServer((client) => {
    accepts.push(performance.now());
    client.on('error', () => undefined);
    if (mode === 'reset') return reset(client);
    const upstream = net.connect(targetPort, host);
    upstream.on('error', () => undefined);
    const link: Link = { client, server: upstream, mode, slowMs, rate, droppedFromClient: 0, clientClosed: false };
    links.add(link);
    const toUpstream = forward(link, client, upstream, true);
    const toClient = forward(link, upstream, client, false);
    // One side closed: the other closes too, once what is still queued for it has been written.
    client.on('close', () => {
      link.clientClosed = true;
      if (link.mode !== 'blackhole') toUpstream(() => upstream.destroy());
      if (upstream.destroyed) links.delete(link);
    });
    upstream.on('close', () => {
      if (link.mode !== 'blackhole') toClient(() => client.destroy());
      if (client.destroyed) links.delete(link);
    });
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  const switchTo = (next: ProxyMode) => {
    mode = next;
    for (const l of links) {
      if (next === 'reset') {
        reset(l.client);
        reset(l.server);
      } else if (l.mode !== 'blackhole') {
        l.mode = next;
        l.slowMs = slowMs;
        l.rate = rate;
      }
    }
  };
  return {
    port,
    wsUrl: (path = '/ws') => `ws://127.0.0.1:${port}${path}`,
    accepts,
    setMode(next, ms = 0) {
      slowMs = ms;
      switchTo(next);
    },
    trickle(next) {
      rate = next;
      switchTo('trickle');
    },
    blackholeExisting() {
      const hit = [...links].filter((l) => !l.clientClosed);
      for (const l of hit) l.mode = 'blackhole';
      return hit;
    },
    resetExisting: resetAll,
    async refuse() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      resetAll();
      await closed;
    },
    accept: () => listen(port),
    openLinks: () => [...links].filter((l) => !l.clientClosed).length,
    async close() {
      for (const l of links) {
        l.client.destroy();
        l.server.destroy();
      }
      links.clear();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
