// A three-server NATS cluster, stream and bucket with 3 replicas: the stream leader is killed mid-stream; nothing acknowledged is lost.
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/ws-client.js';
import { created, incident } from '../support/fixtures.js';
import { startNatsCluster, stopAllNats, type NatsServer } from './support/nats-server.js';
import { postEvents, startClusterNode, stopAllNodes, type ClusterNode } from './support/cluster-node.js';

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
  const nc = await connect({ servers: servers.filter((s) => s.child.exitCode === null && s.child.signalCode === null).map((s) => s.url) });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info('INCIDENT_RELAY');
    const bucket = await jsm.streams.info('KV_INCIDENT_RELAY_INCIDENTS');
    return { leader: info.cluster!.leader!, replicas: info.config.num_replicas, bucketReplicas: bucket.config.num_replicas };
  } finally {
    await nc.close();
  }
}

/** Publishes one event through node A as a client would: retries a 503 until acknowledged. */
async function publishUntilAcked(title: string, src: string, refusals: { count: number }): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await postEvents(a.url, created(incident({ source: src, title })));
    if (r.status === 202) return r.body.message_ids![0]!;
    expect(r.status, JSON.stringify(r.body)).toBe(503);
    refusals.count += 1;
    if (Date.now() > deadline) throw new Error(`no acknowledgement for ${title}: ${JSON.stringify(r.body)}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

describe('cluster mode on a three-server NATS cluster with replicas 3', () => {
  it('keeps publishing after the stream leader is killed, and every acknowledged event reaches subscribers', async () => {
    const before = await streamLeader();
    expect(before).toMatchObject({ replicas: 3, bucketReplicas: 3 });
    const src = `failover-${Date.now()}`;
    const watcher = await TestClient.connect(b.wsUrl);
    await watcher.subscribe('w', { sources: [src] });
    const acked: string[] = [];
    const refusals = { count: 0 };
    let ackedAfterKill = 0;
    for (let k = 0; k < 150; k++) {
      if (k === 50) await servers.find((s) => s.name === before.leader)!.kill('SIGKILL');
      acked.push(await publishUntilAcked(`e${k}`, src, refusals));
      if (k >= 50) ackedAfterKill += 1;
    }
    expect(ackedAfterKill).toBe(100);
    const after = await streamLeader();
    expect(after.leader).not.toBe(before.leader);

    // The live subscriber on B got every acknowledged event (a refused publish may or may not have been stored).
    await watcher.next((f) => f.type === 'event' && f.message_id === acked.at(-1), 0, 60_000);
    const seen = new Set(watcher.events().map((e) => String(e.message_id)));
    expect(acked.filter((id) => !seen.has(id))).toEqual([]);
    watcher.close();

    // So does a replay from the stream, on the other node.
    const replayer = await TestClient.connect(a.wsUrl);
    await replayer.subscribe('r', { sources: [src] }, { resume_after: acked[0] });
    expect(await replayer.next((f) => f.type === 'replay_complete', 0, 30_000)).toMatchObject({ gap: false });
    const replayed = new Set(replayer.events().map((e) => String(e.message_id)));
    expect(acked.slice(1).filter((id) => !replayed.has(id))).toEqual([]);
    replayer.close();
  }, 240_000);
});
