// Two regions on a NATS supercluster (one nats-server each, gateways through cuttable links), two relay nodes per region.
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident, IncidentEvent } from '../../src-shared/protocol/index.js';
import { TestClient, type Frame } from '../support/ws-client.js';
import { created, incident } from '../support/fixtures.js';
import { startNatsRegions, type NatsRegions } from '../support/nats-regions.js';
import { postEvents, startClusterNode, stopAllNodes, type ClusterNode } from './support/cluster-node.js';
import { step, until } from './support/steps.js';
import { LINK_DOWN_MS } from '../../src-main/cluster/region-links.js';

let nats: NatsRegions;
let eu: ClusterNode[];
let us: ClusterNode[];
const all = () => [...eu, ...us];

beforeAll(async () => {
  nats = await startNatsRegions(['eu', 'us']);
  const start = (region: string, other: string) => startClusterNode(nats.regions.get(region)!.urls, { region, source_regions: other });
  [eu, us] = await Promise.all([
    Promise.all([start('eu', 'us'), start('eu', 'us')]),
    Promise.all([start('us', 'eu'), start('us', 'eu')]),
  ]);
}, 90_000);
afterAll(async () => {
  await stopAllNodes();
  await nats?.stop();
});

const titleOf = (f: Frame) => (f.event as { incident?: { title: string } }).incident?.title;

interface Health { regions: Record<string, { link: string; lag: number; last_active_ms: number | null }> }
const health = async (n: ClusterNode) => (await (await fetch(`${n.url}/health`)).json()) as Health;

/** Publishes `count` created events titled `<prefix><k>` on `node`, one POST each (so each is its own batch); returns their ids. */
async function publish(node: ClusterNode, src: string, prefix: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let k = 0; k < count; k++) {
    const r = await postEvents(node.url, created(incident({ source: src, title: `${prefix}${k}` })));
    expect(r.status).toBe(202);
    ids.push(...r.body.message_ids!);
  }
  return ids;
}

/** Subscribes a client on every node to the events of `src`. */
async function subscribeEverywhere(src: string): Promise<TestClient[]> {
  return Promise.all(all().map(async (n) => {
    const c = await TestClient.connect(n.wsUrl);
    await c.subscribe('s', { sources: [src] });
    return c;
  }));
}

/** Waits until every client received them all; then each holds every title once, each region's in its order (`unordered`: once, anywhere). */
async function expectExactlyOnce(clients: TestClient[], eu: string[], us: string[], unordered: string[] = []): Promise<void> {
  const count = eu.length + us.length + unordered.length;
  await step('every subscriber receives every event', 30_000, async (ctx) => {
    await until(() => clients.every((c) => c.events().length >= count), ctx);
  }, () => clients.map((c) => c.events().length).join(','));
  await new Promise((r) => setTimeout(r, 300)); // a double would arrive right behind
  for (const c of clients) {
    const titles = c.events().map(titleOf);
    expect([...titles].sort()).toEqual([...eu, ...us, ...unordered].sort());
    expect(titles.filter((t) => eu.includes(t!))).toEqual(eu);
    expect(titles.filter((t) => us.includes(t!))).toEqual(us);
  }
}

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, k) => `${prefix}${k}`);

describe('regions on NATS (two regions, gateways, sourcing)', () => {
  it('delivers events published in each region to every subscriber in both regions, exactly once, in each region\'s order', async () => {
    const src = `fan-${Date.now()}`;
    const clients = await subscribeEverywhere(src);
    await Promise.all([publish(eu[0]!, src, 'eu-', 6), publish(us[1]!, src, 'us-', 6)]);
    await expectExactlyOnce(clients, names('eu-', 6), names('us-', 6));
    for (const c of clients) c.close();
  });

  it('keeps serving each region through a gateway cut, shows the link down, then catches up in order with nothing lost or doubled (a relayed event once)', async () => {
    const src = `cut-${Date.now()}`;
    const clients = await subscribeEverywhere(src);
    await cutAndWaitDown();
    try {
      expect(await metricsOf(eu[0]!)).toMatch(/^incident_relay_region_link_up\{region="us"\} 0$/m);
      await Promise.all([publish(eu[1]!, src, 'eu-', 5), publish(us[0]!, src, 'us-', 5)]);
      // One upstream event relayed into both regions (as two relays would): each region journals its copy.
      const relayed = created(incident({ source: src, title: 'relayed' }));
      await Promise.all([eu[0]!.server.publish([relayed], ['upstream|abc-1']), us[1]!.server.publish([relayed], ['upstream|abc-1'])]);
      await step('each region serves its own events during the cut', 20_000, async (ctx) => {
        await until(() => clients.every((c) => c.events().length >= 6), ctx);
      }, () => clients.map((c) => c.events().length).join(','));
      for (const [k, c] of clients.entries()) expect(c.events().map(titleOf)).toEqual([...names(k < 2 ? 'eu-' : 'us-', 5), 'relayed']);
    } finally {
      nats.healGateways();
    }
    // After the heal: the other region's events in order, and the relayed event still once (deduplicated by its origin).
    await expectExactlyOnce(clients, names('eu-', 5), names('us-', 5), ['relayed']);
    await linksUp();
    expect(await metricsOf(us[1]!)).toMatch(/^incident_relay_region_link_up\{region="eu"\} 1$/m);
    expect(await metricsOf(us[1]!)).toMatch(/^incident_relay_region_lag_messages\{region="eu"\} 0$/m);
    for (const c of clients) c.close();
  });

  it('converges incident state: updates of one incident made in both regions during a cut end the same in every node and both buckets', async () => {
    const same = incident({ title: 'same time', state: 'Detected', updated_at: '2026-01-01T00:00:00.000Z' });
    const later = incident({ title: 'later wins', state: 'Detected', updated_at: '2026-01-01T00:00:00.000Z' });
    for (const i of [same, later]) expect((await postEvents(eu[0]!.url, created(i))).status).toBe(202);
    await expect.poll(() => all().every((n) => n.server.incidents.get(later.id) !== undefined), { timeout: 20_000 }).toBe(true);
    await cutAndWaitDown();
    try {
      // Same updated_at: the later state wins; different updated_at: the newer wins, whatever its state.
      expect((await postEvents(eu[0]!.url, updated({ ...same, state: 'Remediating', updated_at: '2026-01-01T00:01:00.000Z' }))).status).toBe(202);
      expect((await postEvents(us[0]!.url, updated({ ...same, state: 'Investigating', updated_at: '2026-01-01T00:01:00.000Z' }))).status).toBe(202);
      expect((await postEvents(eu[1]!.url, updated({ ...later, state: 'Resolved', updated_at: '2026-01-01T00:01:00.000Z' }))).status).toBe(202);
      expect((await postEvents(us[1]!.url, updated({ ...later, state: 'Triaged', updated_at: '2026-01-01T00:02:00.000Z' }))).status).toBe(202);
      // Each region applied its own first: the two see the updates in opposite orders.
      expect(eu[0]!.server.incidents.get(same.id)?.state).toBe('Remediating');
      expect(us[0]!.server.incidents.get(same.id)?.state).toBe('Investigating');
    } finally {
      nats.healGateways();
    }
    await linksUp();
    for (const [i, state] of [[same, 'Remediating'], [later, 'Triaged']] as const) {
      await expect.poll(() => all().map((n) => n.server.incidents.get(i.id)?.state), { timeout: 20_000 }).toEqual([state, state, state, state]);
    }
    await Promise.all(all().map((n) => n.cluster.incidents.flushed()));
    for (const region of ['eu', 'us']) {
      const nc = await connect({ servers: nats.regions.get(region)!.urls });
      try {
        const kv = await new Kvm(jetstream(nc)).open(`INCIDENT_RELAY_${region.toUpperCase()}_INCIDENTS`);
        for (const [i, state] of [[same, 'Remediating'], [later, 'Triaged']] as const) {
          await expect.poll(async () => (await kv.get(i.id.toLowerCase()))?.json<{ incident: Incident }>().incident.state, { timeout: 10_000 }).toBe(state);
        }
      } finally {
        await nc.close();
      }
    }
  });

  it('fails a client over to the other region with resume_after: everything after its last id that the region holds, nothing twice, gap false', async () => {
    const src = `fo-${Date.now()}`;
    const onEu = await TestClient.connect(eu[0]!.wsUrl);
    await onEu.subscribe('s', { sources: [src] });
    const watchUs = await TestClient.connect(us[0]!.wsUrl);
    await watchUs.subscribe('s', { sources: [src] });
    await Promise.all([publish(eu[0]!, src, 'eu-', 3), publish(us[1]!, src, 'us-', 3)]);
    await onEu.next(() => onEu.events().length >= 6, 0, 20_000);
    const lastId = String(onEu.events().at(-1)!.message_id);
    onEu.close();
    await Promise.all([publish(eu[1]!, src, 'eu-late-', 3), publish(us[0]!, src, 'us-late-', 2)]);
    await watchUs.next(() => watchUs.events().length >= 11, 0, 20_000);
    await Promise.all(nats.regions.get('eu')!.servers.map((s) => s.kill()));
    const client = await TestClient.connect(us[1]!.wsUrl);
    await client.subscribe('s', { sources: [src] }, { resume_after: lastId });
    expect(await client.next((f) => f.type === 'replay_complete', 0, 20_000)).toMatchObject({ replayed: 5, gap: false });
    const missed = watchUs.events().filter((e) => /-late-/.test(titleOf(e) ?? ''));
    expect(client.events().map((e) => e.message_id)).toEqual(missed.map((e) => e.message_id));
    expect(client.events().map(titleOf).sort()).toEqual([...names('eu-late-', 3), ...names('us-late-', 2)].sort());
    client.close();
    watchUs.close();
  });
});

const updated = (i: Incident): IncidentEvent => ({ event_type: 'incident_updated', incident: i });

const metricsOf = async (n: ClusterNode) => (await fetch(`${n.url}/metrics`)).text();

/**
 * Cuts the gateways and waits until every node's /health shows the other region's link down for silence
 * (not heard from for LINK_DOWN_MS): from then on it stays down until the link heals.
 */
async function cutAndWaitDown(): Promise<void> {
  nats.cutGateways();
  await Promise.all(all().map((n, k) => expect.poll(async () => {
    const s = (await health(n)).regions[k < 2 ? 'us' : 'eu'];
    return s?.link === 'down' && s.last_active_ms !== null && s.last_active_ms >= LINK_DOWN_MS;
  }, { timeout: 20_000, interval: 250 }).toBe(true)));
}

/** Waits until every node's /health shows the other region's link up with nothing left to source. */
async function linksUp(): Promise<void> {
  await Promise.all(all().map((n, k) => expect.poll(async () => (await health(n)).regions[k < 2 ? 'us' : 'eu'], { timeout: 30_000, interval: 250 })
    .toMatchObject({ link: 'up', lag: 0 })));
}
