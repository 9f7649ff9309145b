// P0 reminders stop on every laptop of a chain (central ← laptop ← laptop2) once the incident is acknowledged anywhere:
// at central, or at the far edge (written back hop by hop). Real servers and relays; the notification sink is a recorder.
import { afterEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../src-shared/protocol/index.js';
import { created, incident } from '../support/fixtures.js';
import { RecordingSink } from '../notify/support/recording.js';
import { openNode, relayReady, removeDir, tempDir, waitFor, type Node } from './writeback-harness.js';

const open: Node[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const n of open.splice(0).reverse()) await n.close().catch(() => undefined);
  for (const d of dirs.splice(0)) removeDir(d);
});

/** A reminder every 120 ms, so a few intervals pass quickly; never compared with a clock, only counted. */
const RENOTIFY_MINS = 0.002;

async function laptop(name: string, upstream: Node): Promise<{ node: Node; sink: RecordingSink }> {
  const dir = tempDir(name);
  dirs.push(dir);
  const sink = new RecordingSink();
  const node = await openNode(dir, { upstreams: [{ name: 'up', url: upstream.wsUrl, token: upstream.token }] }, 0, false, { notificationSink: sink });
  open.push(node);
  node.relay.notifications!.settings.set({ renotify_p0_mins: RENOTIFY_MINS });
  return { node, sink };
}

const reminders = (sink: RecordingSink, i: Incident) => sink.shown.filter((n) => n.incidentId === i.id.toLowerCase() && n.title.endsWith('still unacknowledged')).length;

describe('P0 reminders across a chain', () => {
  it('an acknowledge at central, or at the edge, stops the reminders on every laptop', async () => {
    const centralDir = tempDir('central');
    dirs.push(centralDir);
    const central = await openNode(centralDir);
    open.push(central);
    const first = await laptop('laptop', central);
    await relayReady(first.node);
    const second = await laptop('laptop2', first.node);
    await relayReady(second.node);
    const laptops = [first, second];

    const [atCentral, atEdge, control] = ['acked at central', 'acked at the edge', 'nobody acks'].map((title) => incident({ severity: 'P0', title, state: 'Detected' }));
    expect((await central.request('POST', '/v1/events', { events: [atCentral, atEdge, control].map((i) => created(i!)) })).status).toBe(202);
    for (const { sink } of laptops) {
      for (const i of [atCentral!, atEdge!, control!]) await waitFor(() => reminders(sink, i) >= 1, `a reminder for "${i.title}"`);
    }

    expect((await central.request('POST', `/v1/incidents/${atCentral!.id}/acknowledge`, { actor: 'cy' })).status).toBe(200);
    const edge = await second.node.request('POST', `/v1/incidents/${atEdge!.id}/acknowledge`, { actor: 'ana' });
    expect(edge.status).toBe(200);
    expect(central.incident(atEdge!.id)!.state).toBe('Triaged');
    for (const { node } of laptops) {
      for (const i of [atCentral!, atEdge!]) await waitFor(() => node.incident(i.id)?.state === 'Triaged', `"${i.title}" Triaged on ${node.dir}`);
      await node.relay.notifications!.idle();
    }

    // From here on, the acknowledged ones get no reminder anywhere while the unacknowledged one keeps getting them.
    const after = laptops.map(({ sink }) => ({ central: reminders(sink, atCentral!), edge: reminders(sink, atEdge!), control: reminders(sink, control!) }));
    for (const [k, { sink, node }] of laptops.entries()) {
      await waitFor(() => reminders(sink, control!) >= after[k]!.control + 3, 'three more reminders for the unacknowledged P0');
      expect(reminders(sink, atCentral!)).toBe(after[k]!.central);
      expect(reminders(sink, atEdge!)).toBe(after[k]!.edge);
      expect(node.relay.notifications!.status().reminders.map((r) => r.incidentId)).toEqual([control!.id.toLowerCase()]);
    }
  }, 60_000);
});
