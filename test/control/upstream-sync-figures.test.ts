// The console's upstream list carries what the reconcile and the gap marks did (from a real relay of the Rust stand-in).
import { describe, expect, it } from 'vitest';
import { BRIDGE_CHANNELS, runBridgeCall, type Upstream } from '../../src-shared/bridge/index.js';
import { waitFor } from '../relay/relay-harness.js';
import { startRustUpstream } from '../relay/rust-upstream.js';
import { controlHarnessPerTest, type ControlHarness } from './support/control-harness.js';

const { cleanups, harness } = controlHarnessPerTest();

/** The `rust` entry of `upstreams:list`, checked against the bridge contract. */
async function rustEntry(h: ControlHarness): Promise<Upstream | undefined> {
  const list = BRIDGE_CHANNELS['upstreams:list'].response.parse(await runBridgeCall(h.service.handlers, 'upstreams:list', {}));
  return list.upstreams.find((u) => u.name === 'rust');
}

describe('upstreams:list', () => {
  it('shows one reconciled incident and one gap mark after the upstream resolved an incident without an event and the link dropped', async () => {
    const rust = await startRustUpstream();
    cleanups.push(() => rust.close());
    const h = await harness();
    const pushed: Upstream[][] = [];
    cleanups.push(h.service.subscribe((event, payload) => {
      if (event === 'push:upstreams') pushed.push((payload as { upstreams: Upstream[] }).upstreams);
    }));
    await runBridgeCall(h.service.handlers, 'upstreams:add', { name: 'rust', url: rust.wsUrl });
    await waitFor(async () => (await rustEntry(h))?.state === 'connected' && rust.subscribedClients() === 1, 'the upstream to connect');
    expect(await rustEntry(h)).toMatchObject({ reconciled: 0, gapMarks: 0 });

    const incident = rust.create({ severity: 'P1' });
    await waitFor(() => h.h.server.incidents.get(incident.id.toLowerCase()) !== undefined, 'the relayed incident');
    rust.resolve(incident.id); // no event on /ws: only the reconcile (at the latest the one after the gap) brings it here
    rust.dropClients(); // the stand-in never replays: the reconnect journals a gap mark
    await waitFor(async () => {
      const u = await rustEntry(h);
      return u?.reconciled === 1 && u.gapMarks === 1;
    }, 'the list to show the reconcile and the gap mark');
    expect(h.h.server.incidents.get(incident.id.toLowerCase())?.state).toBe('Resolved');
    await waitFor(() => pushed.some((list) => list.some((u) => u.name === 'rust' && u.reconciled === 1 && u.gapMarks === 1)), 'a push with both figures', 5000);
  });
});
