// The pipelined JetStream publisher on a real nats-server: acks matched to their publishes, order, bound, dedupe, refusals.
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AckPipeline } from '../../src-main/cluster/ack-pipeline.js';
import { startNatsServer, stopAllNats, type NatsServer } from './support/nats-server.js';

let nats: NatsServer;
let nc: NatsConnection;

beforeAll(async () => {
  nats = await startNatsServer();
  nc = await connect({ servers: nats.url });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: 'PIPE', subjects: ['pipe.>'], duplicate_window: 60_000_000_000 });
});
afterAll(async () => {
  await nc.close();
  await stopAllNats();
});

const withId = (id: string) => {
  const h = headers();
  h.set('Nats-Msg-Id', id);
  return h;
};

describe('AckPipeline', () => {
  it('stores 2,000 publishes in call order with at most 100 unanswered at once, each resolved with its own seq', async () => {
    const pipeline = new AckPipeline(nc, 100);
    let most = 0;
    const acks = Array.from({ length: 2000 }, (_, k) => {
      const p = pipeline.publish('pipe.order', `m${k}`, withId(`order-${k}`), 5000);
      most = Math.max(most, pipeline.pending);
      return p;
    });
    const seqs = (await Promise.all(acks)).map((a) => a.seq);
    expect(most).toBe(100);
    expect(seqs).toEqual(seqs.map((_, k) => seqs[0]! + k));
    const jsm = await jetstreamManager(nc);
    const stored = await jsm.streams.getMessage('PIPE', { seq: seqs[1234]! });
    expect(stored?.string()).toBe('m1234');
    pipeline.close();
  });

  it('stores a message id once: a second publish under it answers duplicate with the first one\'s seq', async () => {
    const pipeline = new AckPipeline(nc, 10);
    const first = await pipeline.publish('pipe.dedupe', 'one', withId('dedupe-1'), 5000);
    const again = await pipeline.publish('pipe.dedupe', 'one again', withId('dedupe-1'), 5000);
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ seq: first.seq, duplicate: true });
    pipeline.close();
  });

  it('rejects with "no responders" when no stream takes the subject, and with "timeout" when nobody answers', async () => {
    const pipeline = new AckPipeline(nc, 10);
    await expect(pipeline.publish('nowhere.at.all', 'x', withId('nr-1'), 5000)).rejects.toThrow(/no responders/);
    const silent = nc.subscribe('silent.listener'); // interest without an answer: the ack never comes
    await nc.flush();
    await expect(pipeline.publish('silent.listener', 'x', withId('to-1'), 200)).rejects.toThrow(/timeout/);
    expect(pipeline.pending).toBe(0);
    silent.unsubscribe();
    pipeline.close();
  });

  it('times out a publish still waiting for a slot at its own deadline, not one ack timeout after it got a slot', async () => {
    const pipeline = new AckPipeline(nc, 1);
    const silent = nc.subscribe('silent.slot');
    await nc.flush();
    const holder = pipeline.publish('silent.slot', 'holds the only slot', withId('slot-1'), 60_000);
    const queued = pipeline.publish('pipe.slot', 'waits', withId('slot-2'), 200);
    await expect(queued).rejects.toThrow(/timeout/);
    pipeline.close();
    await expect(holder).rejects.toThrow(/closed/);
    silent.unsubscribe();
  });

  it('rejects what is unanswered or still waiting for a slot when closed, and refuses later publishes', async () => {
    const pipeline = new AckPipeline(nc, 1);
    const silent = nc.subscribe('silent.close');
    await nc.flush();
    const inFlight = pipeline.publish('silent.close', 'a', withId('close-1'), 60_000);
    const waiting = pipeline.publish('pipe.close', 'b', withId('close-2'), 60_000);
    pipeline.close();
    await expect(inFlight).rejects.toThrow(/closed/);
    await expect(waiting).rejects.toThrow(/closed/);
    await expect(pipeline.publish('pipe.close', 'c', withId('close-3'), 1000)).rejects.toThrow(/closed/);
    silent.unsubscribe();
  });
});
