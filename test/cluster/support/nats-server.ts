// Starts real nats-server processes (Debian's, JetStream on) on free loopback ports, alone or as a three-server cluster.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NATS_SERVER = '/usr/sbin/nats-server';

export interface NatsServer {
  name: string;
  port: number;
  url: string;
  storeDir: string;
  child: ChildProcess;
  log(): string;
  /** Kills the process (SIGKILL by default) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (bound and released; the caller binds it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface ServerOptions { name: string; port: number; storeDir: string; cluster?: { name: string; port: number; routes: number[] } }

function launch(o: ServerOptions): NatsServer {
  const args = ['-js', '-sd', o.storeDir, '-a', '127.0.0.1', '-p', String(o.port), '-n', o.name];
  if (o.cluster) {
    args.push('--cluster_name', o.cluster.name, '--cluster', `nats://127.0.0.1:${o.cluster.port}`,
      '--routes', o.cluster.routes.map((p) => `nats://127.0.0.1:${p}`).join(','));
  }
  const child = spawn(NATS_SERVER, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d) => { log += String(d); });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    name: o.name, port: o.port, url: `nats://127.0.0.1:${o.port}`, storeDir: o.storeDir, child,
    log: () => log,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

async function waitReady(s: NatsServer, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!/Server is ready/.test(s.log())) {
    if (s.child.exitCode !== null) throw new Error(`nats-server ${s.name} exited: ${s.log()}`);
    if (Date.now() > deadline) throw new Error(`nats-server ${s.name} not ready: ${s.log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Servers started by this module that are still running: stopped by `stopAll` (call it in afterAll). */
const running = new Set<NatsServer>();
const dirs = new Set<string>();

/** One nats-server with JetStream in its own temp store dir. */
export async function startNatsServer(): Promise<NatsServer> {
  const storeDir = mkdtempSync(join(tmpdir(), 'ir-nats-'));
  dirs.add(storeDir);
  return withFreshPorts(async () => {
    const s = launch({ name: `solo-${process.pid}-${running.size}`, port: await freePort(), storeDir });
    running.add(s);
    await waitReady(s);
    return s;
  });
}

/** Starts a stopped single server again on the same port and store dir (its streams come back from disk). */
export async function restartNatsServer(old: NatsServer): Promise<NatsServer> {
  running.delete(old);
  const s = launch({ name: old.name, port: old.port, storeDir: old.storeDir });
  running.add(s);
  await waitReady(s);
  return s;
}

/** Three nats-servers routed to each other as one JetStream cluster, each with its own store dir. */
export async function startNatsCluster(size = 3): Promise<NatsServer[]> {
  return withFreshPorts(async () => {
    const ports: { client: number; route: number }[] = [];
    for (let i = 0; i < size; i++) ports.push({ client: await freePort(), route: await freePort() });
    const clusterName = `ir-${process.pid}`;
    const servers = ports.map((p, i) => {
      const storeDir = mkdtempSync(join(tmpdir(), 'ir-nats-'));
      dirs.add(storeDir);
      const s = launch({
        name: `n${i}`, port: p.client, storeDir,
        cluster: { name: clusterName, port: p.route, routes: ports.filter((_, j) => j !== i).map((q) => q.route) },
      });
      running.add(s);
      return s;
    });
    try {
      await Promise.all(servers.map((s) => waitReady(s)));
    } catch (err) {
      // A half-started cluster is of no use: stop all of it before trying again.
      await Promise.all(servers.map((s) => s.kill()));
      for (const s of servers) running.delete(s);
      throw err;
    }
    return servers;
  });
}

/** nats-server's message when a port picked as free was taken by another process before it bound it. */
const PORT_TAKEN = /address already in use/;
const PORT_ATTEMPTS = 3;

/** Runs `start` again, on fresh ports, when a server could not bind a port `freePort` returned. */
async function withFreshPorts<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (attempt >= PORT_ATTEMPTS || !PORT_TAKEN.test((err as Error).message)) throw err;
    }
  }
}

/** Kills every server this module started and removes their store dirs. */
export async function stopAllNats(): Promise<void> {
  await Promise.all([...running].map((s) => s.kill()));
  running.clear();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
}
