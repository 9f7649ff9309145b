// Three relay nodes on one nats-server: cross-node fan-out in order, resume on another node, shared incident state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/ws-client.js';
import { comment, created, escalated, incident } from '../support/fixtures.js';
import { startNatsServer, stopAllNats, type NatsServer } from './support/nats-server.js';
import { postEvents, startClusterNode, stopAllNodes, type ClusterNode } from './support/cluster-node.js';
import { startTcpProxy } from './support/tcp-proxy.js';
import type { JournalEntry } from '../../src-main/server/index.js';

let nats: NatsServer;
let a: ClusterNode;
let b: ClusterNode;
let c: ClusterNode;

beforeAll(async () => {
  nats = await startNatsServer();
  const nodes = await Promise.all([0, 1, 2].map(() => startClusterNode(nats.url)));
  [a, b, c] = [nodes[0]!, nodes[1]!, nodes[2]!];
});
afterAll(async () => {
  await stopAllNodes();
  await stopAllNats();
});

const seqOf = (id: unknown) => Number(String(id).slice(String(id).lastIndexOf('-') + 1));

describe('cluster mode on one nats-server', () => {
  it('delivers an event published to node A to subscribers on B and C, once each, in order', async () => {
    const src = `fan-${Date.now()}`;
    const onB = await TestClient.connect(b.wsUrl);
    const onC = await TestClient.connect(c.wsUrl);
    await onB.subscribe('s', { sources: [src] });
    await onC.subscribe('s', { sources: [src] });
    const published: string[] = [];
    for (let k = 0; k < 5; k++) {
      const r = await postEvents(a.url, { events: Array.from({ length: 4 }, (_, i) => created(incident({ source: src, title: `e${k}-${i}` }))) });
      expect(r.status).toBe(202);
      published.push(...r.body.message_ids!);
    }
    for (const client of [onB, onC]) {
      await client.next((f) => f.type === 'event' && f.message_id === published.at(-1), 0, 15_000);
      // A little longer: a duplicate would arrive right behind the last event.
      await new Promise((r) => setTimeout(r, 200));
      const got = client.events().map((e) => e.message_id);
      expect(got).toEqual(published);
      const titles = client.events().map((e) => (e.event as { incident: { title: string } }).incident.title);
      expect(titles).toEqual(Array.from({ length: 20 }, (_, n) => `e${Math.floor(n / 4)}-${n % 4}`));
      client.close();
    }
    expect(published.map(seqOf)).toEqual([...published.map(seqOf)].sort((x, y) => x - y));
  });

  it('lets a client of B that missed 100 events resume on C with resume_after: all 100, gap false', async () => {
    const src = `resume-${Date.now()}`;
    const onB = await TestClient.connect(b.wsUrl);
    await onB.subscribe('r', { sources: [src] });
    const first = await postEvents(a.url, created(incident({ source: src, title: 'before' })));
    const seen = await onB.next((f) => f.type === 'event', 0, 15_000);
    expect(seen.message_id).toBe(first.body.message_ids![0]);
    onB.close();
    const missed: string[] = [];
    for (let k = 0; k < 10; k++) {
      const r = await postEvents(k % 2 === 0 ? a.url : b.url, { events: Array.from({ length: 10 }, (_, i) => created(incident({ source: src, title: `missed ${k}-${i}` }))) });
      expect(r.status).toBe(202);
      missed.push(...r.body.message_ids!);
    }
    const onC = await TestClient.connect(c.wsUrl);
    const from = onC.frames.length;
    await onC.subscribe('r', { sources: [src] }, { resume_after: seen.message_id });
    const done = await onC.next((f) => f.type === 'replay_complete', from, 15_000);
    expect(done).toMatchObject({ subscription_id: 'r', replayed: 100, gap: false });
    expect(onC.events(from).map((e) => e.message_id)).toEqual(missed);
    onC.close();
  });

  it('resumes at an id issued by a node that is ahead: waits to catch up instead of reporting a gap, and repeats nothing', async () => {
    const proxy = await startTcpProxy(nats.port);
    const lagging = await startClusterNode(`nats://127.0.0.1:${proxy.port}`);
    try {
      const src = `ahead-${Date.now()}`;
      const client = await TestClient.connect(lagging.wsUrl);
      proxy.hold();
      const [first] = (await postEvents(a.url, created(incident({ source: src, title: 'first' })))).body.message_ids!;
      expect(lagging.cluster.journal.lastSeq()).toBeLessThan(seqOf(first));
      client.send({ type: 'subscribe', subscription_id: 'f', filters: { sources: [src] }, resume_after: first });
      await client.next((f) => f.type === 'subscribed');
      setTimeout(() => proxy.resume(), 300);
      expect(await client.next((f) => f.type === 'replay_complete', 0, 15_000)).toMatchObject({ replayed: 0, gap: false });
      const [second] = (await postEvents(b.url, created(incident({ source: src, title: 'second' })))).body.message_ids!;
      await client.next((f) => f.type === 'event' && f.message_id === second, 0, 15_000);
      await new Promise((r) => setTimeout(r, 100));
      expect(client.events().map((e) => e.message_id)).toEqual([second]);
      client.close();
    } finally {
      proxy.resume();
      await lagging.stop();
      await proxy.close();
    }
  });

  it('shares incident state: an escalation published on B matches a severity filter on C, and a node started later knows the incident', async () => {
    const inc = incident({ severity: 'P3', title: 'shared state' });
    const onC = await TestClient.connect(c.wsUrl);
    await onC.subscribe('p0', { severities: ['P0'] });
    expect((await postEvents(a.url, created(inc))).status).toBe(202);
    await expect.poll(() => b.server.incidents.get(inc.id)?.severity, { timeout: 10_000 }).toBe('P3');
    expect((await postEvents(b.url, escalated(inc.id, 'P3', 'P0'))).status).toBe(202);
    const esc = await onC.next((f) => f.type === 'event', 0, 15_000);
    expect((esc.event as { event_type: string }).event_type).toBe('escalated');
    // A comment matches on the incident's (escalated) severity, worked out on the publishing node from state it got from the stream.
    expect((await postEvents(c.url, comment(inc.id, 'on it'))).status).toBe(202);
    await onC.next((f) => f.type === 'event' && (f.event as { event_type: string }).event_type === 'comment_added', 0, 15_000);
    onC.close();
    await b.cluster.incidents.flushed();
    const d = await startClusterNode(nats.url);
    expect(d.server.incidents.get(inc.id)?.severity).toBe('P0');
    await d.stop();
  });

  it('hands the publishing node\'s listeners the very entries the other nodes decode from the stream', async () => {
    const inc = incident({ severity: 'P0', title: 'same entry everywhere', source: `own-${Date.now()}`, labels: { team: 'night shift' } });
    const seen = new Map<ClusterNode, JournalEntry[]>([[a, []], [b, []]]);
    const offs = [...seen].map(([node, list]) => node.server.onEvent((e) => { if (e.eventJson.includes(inc.id)) list.push(e); }));
    try {
      const r = await postEvents(a.url, { events: [created(inc), comment(inc.id, 'on it'), escalated(inc.id, 'P0', 'P1')] });
      expect(r.status).toBe(202);
      await expect.poll(() => seen.get(b)!.length, { timeout: 10_000 }).toBe(3);
      const fromA = seen.get(a)!;
      expect(fromA.map((e) => e.messageId)).toEqual(r.body.message_ids);
      // Field by field (the stream's copy goes through JSON and a header; the publisher's is what the hub computed).
      expect(seen.get(b)).toEqual(fromA);
      expect(fromA[0]).toMatchObject({ priority: 0, subject: { severity: 'P0', labels: { team: 'night shift' } } });
    } finally {
      for (const off of offs) off();
    }
  });

  it('reports the cluster in /health and its consumer position and lag in /metrics', async () => {
    const health = (await (await fetch(`${c.url}/health`)).json()) as { cluster: { connected: boolean; lag: number; consumer_seq: number } };
    expect(health.cluster).toMatchObject({ connected: true });
    expect(health.cluster.consumer_seq).toBeGreaterThan(0);
    const metrics = await (await fetch(`${c.url}/metrics`)).text();
    expect(metrics).toMatch(/^incident_relay_cluster_connected 1$/m);
    expect(metrics).toMatch(/^incident_relay_cluster_consumer_seq \d+$/m);
    expect(metrics).toMatch(/^incident_relay_cluster_consumer_lag \d+$/m);
    expect(metrics).toMatch(/^incident_relay_cluster_stream_last_seq \d+$/m);
  });
});
