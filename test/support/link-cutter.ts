// A loopback TCP forwarder whose link can be cut (every connection dropped, new ones refused) and healed: a gateway partition on demand.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface LinkCutter {
  port: number;
  /** Drops every forwarded connection and refuses new ones until `heal`. */
  cut(): void;
  heal(): void;
  /** Connections forwarded right now. */
  open(): number;
  close(): Promise<void>;
}

/** Listens on a free loopback port and forwards to `targetPort` on 127.0.0.1 until cut. */
export async function startLinkCutter(targetPort: number): Promise<LinkCutter> {
  let cut = false;
  const pairs = new Set<[Socket, Socket]>();
  const server: Server = createServer((client) => {
    if (cut) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const dropAll = () => {
    for (const [a, b] of pairs) {
      a.destroy();
      b.destroy();
    }
    pairs.clear();
  };
  return {
    port: (server.address() as { port: number }).port,
    cut() {
      cut = true;
      dropAll();
    },
    heal() {
      cut = false;
    },
    open: () => pairs.size,
    async close() {
      cut = true;
      dropAll();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
