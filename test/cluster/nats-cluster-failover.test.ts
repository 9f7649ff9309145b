// A three-server NATS cluster, stream and bucket with 3 replicas: the stream leader is killed mid-stream; nothing acknowledged is lost.
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessageId } from '../../src-main/server/journal/journal.js';
import { TestClient } from '../support/ws-client.js';
import { created, incident } from '../support/fixtures.js';
import { startNatsCluster, stopAllNats, type NatsServer } from './support/nats-server.js';
import { postEvents, startClusterNode, stopAllNodes, type ClusterNode } from './support/cluster-node.js';
import { retrying, step, until, type StepContext } from './support/steps.js';

let servers: NatsServer[];
let a: ClusterNode;
let b: ClusterNode;

beforeAll(async () => {
  servers = await startNatsCluster(3);
  const urls = servers.map((s) => s.url).join(',');
  a = await startClusterNode(urls, { cluster_replicas: 3 });
  b = await startClusterNode(urls, { cluster_replicas: 3 });
}, 90_000);
afterAll(async () => {
  await stopAllNodes();
  await stopAllNats();
});

async function streamLeader(): Promise<{ leader: string; replicas: number; bucketReplicas: number }> {
  const live = servers.filter((s) => s.child.exitCode === null && s.child.signalCode === null);
  const nc = await connect({ servers: live.map((s) => s.url), timeout: 5000 });
  try {
    const jsm = await jetstreamManager(nc, { timeout: 5000 });
    const info = await jsm.streams.info('INCIDENT_RELAY');
    const bucket = await jsm.streams.info('KV_INCIDENT_RELAY_INCIDENTS');
    if (!info.cluster?.leader) throw new Error('the stream has no leader yet');
    return { leader: info.cluster.leader, replicas: info.config.num_replicas, bucketReplicas: bucket.config.num_replicas };
  } finally {
    await nc.close();
  }
}

/** Publishes one event through node A as a client would: retries a 503 until acknowledged, or until `signal` aborts. */
async function publishUntilAcked(title: string, src: string, refusals: { count: number }, { signal, note }: StepContext): Promise<string> {
  for (;;) {
    const r = await postEvents(a.url, created(incident({ source: src, title })));
    if (r.status === 202) return r.body.message_ids![0]!;
    expect(r.status, JSON.stringify(r.body)).toBe(503);
    refusals.count += 1;
    note(`${title} last refused: ${r.body.error?.message ?? ''}`);
    if (signal.aborted) throw new Error(`no acknowledgement for ${title}: ${JSON.stringify(r.body)}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

const seqOf = (messageId: string): number => parseMessageId(messageId)!.seq;
const consumerState = (name: string, n: ClusterNode) => `node ${name}'s consumer at seq ${n.cluster.journal.lastSeq()}, `
  + `stream end known ${n.cluster.journal.streamLastSeq()}, recreated ${n.cluster.journal.consumerRestarts()} times`;

describe('cluster mode on a three-server NATS cluster with replicas 3', () => {
  it('keeps publishing after the stream leader is killed, and every acknowledged event reaches subscribers', async () => {
    const before = await step('read the stream leader', 20_000, (ctx) => retrying(streamLeader, ctx));
    expect(before).toMatchObject({ replicas: 3, bucketReplicas: 3 });
    const src = `failover-${Date.now()}`;
    const watcher = await step('connect a watcher to node B', 10_000, async () => {
      const w = await TestClient.connect(b.wsUrl);
      await w.subscribe('w', { sources: [src] });
      return w;
    });
    const acked: string[] = [];
    const refusals = { count: 0 };
    const publish = (from: number, to: number) => async (ctx: StepContext) => {
      for (let k = from; k < to; k++) acked.push(await publishUntilAcked(`e${k}`, src, refusals, ctx));
    };

    await step('publish 50 events through node A', 45_000, publish(0, 50), () => `${acked.length} acknowledged`);
    await step(`kill the stream leader ${before.leader}`, 10_000, () => servers.find((s) => s.name === before.leader)!.kill('SIGKILL'));
    await step('publish the first event after the kill', 40_000, publish(50, 51), () => `${refusals.count} refusals`);
    // Each node's own consumer must deliver it: one whose NATS server died is recreated elsewhere.
    const firstAfter = seqOf(acked[50]!);
    await step('nodes A and B deliver the first event acknowledged after the kill', 45_000,
      (ctx) => until(() => a.cluster.journal.lastSeq() >= firstAfter && b.cluster.journal.lastSeq() >= firstAfter, ctx),
      () => `seq ${firstAfter}; ${consumerState('A', a)}; ${consumerState('B', b)}`);
    await step('publish 99 more events through node A', 45_000, publish(51, 150), () => `${acked.length - 51} of 99 acknowledged`);
    expect(acked).toHaveLength(150);
    const after = await step('read the stream leader after the kill', 20_000, (ctx) => retrying(streamLeader, ctx));
    expect(after.leader).not.toBe(before.leader);

    // The live subscriber on B got every acknowledged event (a refused publish may or may not have been stored).
    await step('the watcher on node B receives the last acknowledged event', 20_000,
      () => watcher.next((f) => f.type === 'event' && f.message_id === acked.at(-1), 0, 20_000), () => consumerState('B', b));
    const seen = new Set(watcher.events().map((e) => String(e.message_id)));
    expect(acked.filter((id) => !seen.has(id))).toEqual([]);
    watcher.close();

    // So does a replay from the stream, on the other node.
    const replayer = await step('connect a replaying client to node A', 10_000, () => TestClient.connect(a.wsUrl));
    await replayer.subscribe('r', { sources: [src] }, { resume_after: acked[0] });
    const complete = await step('the replay on node A completes', 20_000, () => replayer.next((f) => f.type === 'replay_complete', 0, 20_000));
    expect(complete).toMatchObject({ gap: false });
    const replayed = new Set(replayer.events().map((e) => String(e.message_id)));
    expect(acked.slice(1).filter((id) => !replayed.has(id))).toEqual([]);
    replayer.close();
  }, 300_000);
});
