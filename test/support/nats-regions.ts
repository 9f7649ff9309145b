// Starts a NATS supercluster of regions: each region a nats-server cluster named after it, joined to the others by gateways through cuttable links.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../cluster/support/nats-server.js';
import { startLinkCutter, type LinkCutter } from './link-cutter.js';

/** Debian's nats-server (2.9: gateways, stream sourcing; no subject transforms). */
export const NATS_SERVER = '/usr/sbin/nats-server';

export interface RegionServer {
  name: string;
  url: string;
  /** Kills the process (SIGKILL) and waits for it to exit. */
  kill(): Promise<void>;
  log(): string;
}

export interface NatsRegion {
  name: string;
  servers: RegionServer[];
  /** Every server's client URL, comma-separated (the relay's `cluster` setting). */
  urls: string;
  /** The link other regions' gateways connect through: `cut()` partitions this region from every other. */
  inbound: LinkCutter[];
}

export interface NatsRegions {
  regions: Map<string, NatsRegion>;
  /** Cuts every gateway link (each one runs through a cutter in front of its receiving server): a full partition. */
  cutGateways(): void;
  healGateways(): void;
  stop(): Promise<void>;
}

interface Ports { client: number; route: number; gateway: number }

function gatewayConf(region: string, p: Ports, advertise: number, others: { name: string; ports: number[] }[]): string {
  return `gateway {
  name: "${region}"
  listen: "127.0.0.1:${p.gateway}"
  advertise: "127.0.0.1:${advertise}"
  connect_retries: 1000
  gateways: [${others.map((o) => `{ name: "${o.name}", urls: [${o.ports.map((q) => `"nats://127.0.0.1:${q}"`).join(', ')}] }`).join(', ')}]
}`;
}

async function waitReady(child: ChildProcess, log: () => string, name: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!/Server is ready/.test(log())) {
    if (child.exitCode !== null) throw new Error(`nats-server ${name} exited: ${log()}`);
    if (Date.now() > deadline) throw new Error(`nats-server ${name} not ready: ${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * One region per name, `perRegion` servers each (routed into a cluster named after the region), JetStream on
 * every server, gateways between regions. Every gateway connection goes through a LinkCutter in front of the
 * receiving server (also what the servers advertise), so `cut(region)` partitions that region.
 */
export async function startNatsRegions(names: readonly string[], perRegion = 1): Promise<NatsRegions> {
  // A port picked as free may be taken by another process before nats-server binds it: start again on fresh ports.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launchRegions(names, perRegion);
    } catch (err) {
      if (attempt >= 3 || !/address already in use/.test((err as Error).message)) throw err;
    }
  }
}

async function launchRegions(names: readonly string[], perRegion: number): Promise<NatsRegions> {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const ports = new Map<string, Ports[]>();
  for (const n of names) {
    const list: Ports[] = [];
    for (let i = 0; i < perRegion; i++) list.push({ client: await freePort(), route: await freePort(), gateway: await freePort() });
    ports.set(n, list);
  }
  const cutters = new Map<string, LinkCutter[]>();
  for (const n of names) cutters.set(n, await Promise.all(ports.get(n)!.map((p) => startLinkCutter(p.gateway))));
  const regions = new Map<string, NatsRegion>();
  const ready: Promise<void>[] = [];
  for (const n of names) {
    const servers: RegionServer[] = [];
    ports.get(n)!.forEach((p, i) => {
      const dir = mkdtempSync(join(tmpdir(), 'ir-region-'));
      dirs.push(dir);
      const others = names.filter((o) => o !== n).map((o) => ({ name: o, ports: cutters.get(o)!.map((c) => c.port) }));
      // A region of one server routes to itself: JetStream's clustered mode (needed across gateways) wants routes configured.
      const routes = ports.get(n)!.filter((_, j) => j !== i || perRegion === 1).map((q) => `"nats://127.0.0.1:${q.route}"`);
      const conf = `server_name: "${n}-${i}"
listen: "127.0.0.1:${p.client}"
jetstream { store_dir: "${join(dir, 'js')}" }
cluster { name: "${n}", listen: "127.0.0.1:${p.route}", routes: [${routes.join(', ')}] }
${gatewayConf(n, p, cutters.get(n)![i]!.port, others)}
`;
      writeFileSync(join(dir, 'nats.conf'), conf);
      const child = spawn(NATS_SERVER, ['-c', join(dir, 'nats.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
      children.push(child);
      let log = '';
      child.stderr!.on('data', (d) => { log += String(d); });
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      ready.push(waitReady(child, () => log, `${n}-${i}`));
      servers.push({
        name: `${n}-${i}`, url: `nats://127.0.0.1:${p.client}`, log: () => log,
        async kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
      });
    });
    regions.set(n, { name: n, servers, urls: servers.map((s) => s.url).join(','), inbound: cutters.get(n)! });
  }
  const stop = async () => {
    await Promise.all([...regions.values()].flatMap((r) => r.servers.map((s) => s.kill())));
    await Promise.all([...cutters.values()].flat().map((c) => c.close()));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  };
  try {
    await Promise.all(ready);
  } catch (err) {
    await stop();
    throw err;
  }
  const all = [...cutters.values()].flat();
  return {
    regions,
    cutGateways: () => all.forEach((c) => c.cut()),
    healGateways: () => all.forEach((c) => c.heal()),
    stop,
  };
}
