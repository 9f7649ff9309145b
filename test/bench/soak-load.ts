// The soak's load: steady incident traffic, filtered subscribers, churning clients (half vanish without a close) and deep replays.
import net from 'node:net';
import WebSocket from 'ws';
import type { IncidentEvent, Incident } from '../../src-shared/protocol/index.js';
import { Publisher } from './publisher.js';

export interface SoakLoadOptions {
  eventsPerSec: number;
  /** New incidents per second (each is created, updated, then resolved). */
  incidentsPerSec: number;
  subscribers: number;
  /** Short-lived clients opened per second; half close, half vanish (their TCP link goes silent). */
  churnPerSec: number;
  /** Seconds between deep replays (resume from the first event published). */
  replayEverySecs: number;
}

export interface SoakLoadCounters { published: number; delivered: number; churned: number; vanished: number; replays: number; replayed: number; errors: number }

const SOURCES = 10;
const ACTIVE_POOL = 200;

/** A TCP relay that can go silent: a vanished client's packets stop both ways, as when a laptop lid closes. */
class SilenceableLink {
  private readonly server: net.Server;
  /** By the client's local port: the accepted socket and the connection to the server. */
  private readonly pairs = new Map<number, [net.Socket, net.Socket]>();
  port = 0;

  constructor(private readonly target: number) {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target, '127.0.0.1');
      const key = client.remotePort ?? 0;
      this.pairs.set(key, [client, upstream]);
      for (const s of [client, upstream]) {
        s.on('error', () => undefined);
        s.on('close', () => { if (s === upstream) this.pairs.delete(key); client.destroy(); });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  /** The client at `localPort` is gone; the server's side stays open and hears nothing more (nothing it sends is read). */
  silence(localPort: number): void {
    const pair = this.pairs.get(localPort);
    if (!pair) return;
    const [client, upstream] = pair;
    client.unpipe(upstream);
    upstream.unpipe(client);
    upstream.pause(); // nothing read: the server's writes back up as with a peer that stopped acknowledging
    client.destroy();
  }

  close(): void {
    this.server.close();
    for (const [a, b] of this.pairs.values()) { a.destroy(); b.destroy(); }
  }
}

function incident(n: number, state: Incident['state'], at: string, created: string): Incident {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, created_at: created, updated_at: at, state, severity: n % 7 === 0 ? 'P1' : 'P3',
    incident_type: 'Application', source: `svc-${n % SOURCES}`, title: `Soak incident ${n}`, description: 'Error rate above threshold on the soak service.',
    affected_resources: [`res-${n % SOURCES}`], labels: { team: `team-${n % SOURCES}`, env: 'soak' }, assignees: [],
  };
}

export class SoakLoad {
  readonly counters: SoakLoadCounters = { published: 0, delivered: 0, churned: 0, vanished: 0, replays: 0, replayed: 0, errors: 0 };
  private readonly publisher: Publisher;
  private readonly link: SilenceableLink;
  private readonly steady: WebSocket[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly active: Array<{ n: number; created: string }> = [];
  private nextIncident = 0;
  private firstMessageId: string | undefined;
  private carry = 0;

  constructor(private readonly baseUrl: string, token: string, private readonly opts: SoakLoadOptions) {
    this.publisher = new Publisher(baseUrl, token);
    this.link = new SilenceableLink(Number(new URL(baseUrl).port));
  }

  private wsUrl(port = Number(new URL(this.baseUrl).port)): string {
    return `ws://127.0.0.1:${port}/ws`;
  }

  private open(port: number | undefined, filters: object, resumeAfter?: string, onFrame?: (f: { type: string }) => void): WebSocket {
    const ws = new WebSocket(this.wsUrl(port));
    ws.on('error', () => { this.counters.errors += 1; });
    ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as { type: string };
      if (f.type === 'welcome') ws.send(JSON.stringify({ type: 'subscribe', subscription_id: 's', filters, ...(resumeAfter ? { resume_after: resumeAfter } : {}) }));
      if (f.type === 'event') this.counters.delivered += 1;
      onFrame?.(f);
    });
    return ws;
  }

  async start(): Promise<void> {
    await this.link.listen();
    for (let k = 0; k < this.opts.subscribers; k++) this.steady.push(this.open(undefined, { sources: [`svc-${k % SOURCES}`] }));
    this.timers.push(setInterval(() => void this.publishTick(), 100));
    this.timers.push(setInterval(() => this.churnTick(), 1000));
    this.timers.push(setInterval(() => this.deepReplay(), this.opts.replayEverySecs * 1000));
  }

  /** Stops publishing and closes every client it opened (the steady ones with a close frame). */
  stop(): void {
    for (const t of this.timers.splice(0)) clearInterval(t);
    for (const ws of this.steady.splice(0)) ws.close();
    this.publisher.close();
    this.link.close();
  }

  private async publishTick(): Promise<void> {
    this.carry += this.opts.eventsPerSec / 10;
    const count = Math.floor(this.carry);
    this.carry -= count;
    const newOnes = Math.round(this.opts.incidentsPerSec / 10);
    const at = new Date().toISOString();
    const events: IncidentEvent[] = [];
    for (let k = 0; k < newOnes && events.length < count; k++) {
      const n = this.nextIncident++;
      this.active.push({ n, created: at });
      events.push({ event_type: 'incident_created', incident: incident(n, 'Detected', at, at) });
    }
    while (this.active.length > ACTIVE_POOL && events.length < count) {
      const { n, created } = this.active.shift()!;
      events.push({ event_type: 'incident_resolved', incident: incident(n, 'Resolved', at, created) });
    }
    while (events.length < count && this.active.length > 0) {
      const { n, created } = this.active[Math.floor(Math.random() * this.active.length)]!;
      events.push({ event_type: 'incident_updated', incident: incident(n, 'Investigating', at, created), previous_state: 'Detected' });
    }
    if (events.length === 0) return;
    try {
      const ids = await this.publisher.publish(events);
      this.firstMessageId ??= ids[0];
      this.counters.published += ids.length;
    } catch {
      this.counters.errors += 1;
    }
  }

  private churnTick(): void {
    for (let k = 0; k < this.opts.churnPerSec; k++) {
      const vanish = k % 2 === 1;
      const ws = this.open(vanish ? this.link.port : undefined, {});
      this.counters.churned += 1;
      const lifeMs = 2000 + Math.random() * 4000;
      setTimeout(() => {
        if (!vanish) { ws.close(); return; }
        this.counters.vanished += 1;
        // The client side drops its socket; the relay in between keeps the server's side open and silent.
        const socket = (ws as unknown as { _socket?: net.Socket })._socket;
        ws.removeAllListeners('message');
        if (socket?.localPort !== undefined) this.link.silence(socket.localPort);
        ws.terminate();
      }, lifeMs).unref();
    }
  }

  private deepReplay(): void {
    if (!this.firstMessageId) return;
    this.counters.replays += 1;
    const ws = this.open(undefined, {}, this.firstMessageId, (f) => {
      if (f.type === 'event') this.counters.replayed += 1;
      if (f.type === 'replay_complete') ws.close();
    });
  }
}
