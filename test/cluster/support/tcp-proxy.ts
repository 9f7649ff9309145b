// A loopback TCP proxy that can hold back what the server sends: makes one node's NATS connection lag on demand.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Holds every byte from the server until `resume` (the client's own writes still go through). */
  hold(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let held = false;
  const queued: { to: Socket; data: Buffer }[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    upstream.on('data', (data) => {
      if (held) queued.push({ to: client, data });
      else client.write(data);
    });
    client.on('data', (data) => upstream.write(data));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as { port: number }).port,
    hold: () => { held = true; },
    resume() {
      held = false;
      for (const q of queued.splice(0)) if (!q.to.destroyed) q.to.write(q.data);
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
