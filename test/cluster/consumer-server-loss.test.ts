// The live consumer on a three-server NATS cluster: when the server holding its (single-replica) consumer dies, it is recreated and nothing is missed.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveConsumer } from '../../src-main/cluster/live-consumer.js';
import { createLogger } from '../../src-main/server/telemetry/logger.js';
import { startNatsCluster, stopAllNats, type NatsServer } from './support/nats-server.js';
import { retrying, step, until } from './support/steps.js';

const STREAM = 'LOSS';
/** Placement is random: tries this many consumers to get one on the chosen server. */
const PLACEMENT_ATTEMPTS = 40;

let servers: NatsServer[];
const connections: NatsConnection[] = [];
const consumers: LiveConsumer[] = [];

beforeAll(async () => {
  servers = await startNatsCluster(3);
}, 60_000);
afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await Promise.all(connections.map((nc) => nc.close()));
  await stopAllNats();
});

interface Link { nc: NatsConnection; connected(): boolean }

/** A connection to `first` (then the others of `rest`, in that order), with its up/down state as the node's NATS link tracks it. */
async function connectTo(first: NatsServer, rest: NatsServer[]): Promise<Link> {
  const nc = await connect({ servers: [first, ...rest].map((s) => s.url), noRandomize: true, maxReconnectAttempts: -1, reconnectTimeWait: 250, timeout: 5000 });
  connections.push(nc);
  let up = true;
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') up = false;
      else if (s.type === 'reconnect') up = true;
    }
  })();
  return { nc, connected: () => up && !nc.isClosed() };
}

interface Watched { consumer: LiveConsumer; seqs: number[] }

/** A live consumer from seq 0 on `link` whose JetStream consumer sits on the server named `on` (or anywhere else but it, with `not`). */
async function consumerPlaced(link: Link, jsm: JetStreamManager, want: { on?: string; not?: string }): Promise<Watched> {
  for (let attempt = 1; attempt <= PLACEMENT_ATTEMPTS; attempt++) {
    const known = new Set((await jsm.consumers.list(STREAM).next()).map((c) => c.name));
    const seqs: number[] = [];
    const consumer = new LiveConsumer({
      js: jetstream(link.nc), stream: STREAM, logger: createLogger('error'), connected: link.connected,
      onMessages: (ms: readonly JsMsg[]) => seqs.push(...ms.map((m) => m.seq)),
    }, 0);
    await consumer.start();
    const mine = (await jsm.consumers.list(STREAM).next()).find((c) => !known.has(c.name));
    const host = mine?.cluster?.leader;
    if (host && (want.on ? host === want.on : host !== want.not)) {
      consumers.push(consumer);
      return { consumer, seqs };
    }
    await consumer.stop();
    if (mine) await jsm.consumers.delete(STREAM, mine.name);
  }
  throw new Error(`no consumer placed as wanted (${JSON.stringify(want)}) in ${PLACEMENT_ATTEMPTS} attempts`);
}

const upTo = (n: number) => Array.from({ length: n }, (_, k) => k + 1);

describe('the live consumer when a NATS server of the cluster dies', () => {
  it('recreates a consumer whose server died, whether its connection was to that server or not, and skips or repeats nothing', async () => {
    const [doomed, other, spare] = servers as [NatsServer, NatsServer, NatsServer];
    const { nc: admin } = await connectTo(spare, [other]);
    const jsm = await jetstreamManager(admin, { timeout: 5000, checkAPI: false });
    await step('create an R3 stream', 60_000, (ctx) => retrying(() => jsm.streams.add({ name: STREAM, subjects: ['loss.>'], num_replicas: 3 }), ctx));
    const js = jetstream(admin, { timeout: 3000 });
    let published = 0;
    const publish = (n: number) => step(`publish ${n} messages`, 40_000, async (ctx) => {
      for (let k = 0; k < n; k++) {
        const msgID = `${++published}`; // the same id on every retry: stored once
        await retrying(() => js.publish('loss.x', `m${msgID}`, { msgID }), ctx, 250);
      }
    });

    // Connected to the server that dies: the library hears nothing more and asks it for info forever.
    const sameServer = await step('place a consumer on the doomed server, connected to it', 60_000,
      async () => consumerPlaced(await connectTo(doomed, [other, spare]), jsm, { on: doomed.name }));
    // Connected elsewhere: the library sees missed heartbeats, but its info requests time out.
    const elsewhere = await step('place a consumer on the doomed server, connected to another', 60_000,
      async () => consumerPlaced(await connectTo(other, [spare]), jsm, { on: doomed.name }));
    // A consumer on a server that lives must never be recreated, even when the stream is idle.
    const healthy = await step('place a consumer on a server that lives', 60_000,
      async () => consumerPlaced(await connectTo(spare, [other]), jsm, { not: doomed.name }));
    const all = { sameServer, elsewhere, healthy };
    const state = () => Object.entries(all).map(([name, w]) => `${name}: ${w.seqs.length} delivered, ${w.consumer.restarts()} restarts`).join('; ');

    await publish(5);
    await step('every consumer delivers the first 5', 20_000, (ctx) => until(() => Object.values(all).every((w) => w.seqs.length >= 5), ctx), state);
    // Idle longer than the silence limit: idle heartbeats keep healthy consumers alive.
    await new Promise((r) => setTimeout(r, 8000));
    expect(Object.values(all).map((w) => w.consumer.restarts())).toEqual([0, 0, 0]);

    await step(`kill ${doomed.name}`, 10_000, () => doomed.kill('SIGKILL'));
    await publish(5);
    await step('every consumer delivers all 10', 60_000, (ctx) => until(() => Object.values(all).every((w) => w.seqs.length >= 10), ctx), state);
    for (const w of Object.values(all)) expect(w.seqs).toEqual(upTo(10));
    expect(sameServer.consumer.restarts()).toBeGreaterThanOrEqual(1);
    expect(elsewhere.consumer.restarts()).toBeGreaterThanOrEqual(1);
    expect(healthy.consumer.restarts()).toBe(0);
  }, 300_000);
});
