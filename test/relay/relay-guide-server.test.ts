// Against a server that speaks only the guide's protocol: live events flow, the status says "no replay support".
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.js';
import { TestClient } from '../support/ws-client.js';
import { startGuideServer } from './guide-server.js';
import { isGapMarkFrame, numbered, range, receivedNumbers, startRelayedLocal, waitFor } from './relay-harness.js';

const cleanups = cleanupsAfterEach();

async function setUp(opts: Parameters<typeof startGuideServer>[0] = {}) {
  const guide = await startGuideServer(opts);
  cleanups.push(() => guide.close());
  const relayed = await startRelayedLocal([{ url: guide.wsUrl, name: 'guide' }]);
  cleanups.push(relayed.stop);
  const client = await TestClient.connect(relayed.local.wsUrl);
  cleanups.push(() => client.close());
  await client.subscribe('everything');
  await waitFor(() => relayed.relay.status('guide')?.state === 'connected' && guide.subscribedClients() === 1, 'the relay to subscribe');
  return { guide, client, ...relayed };
}

describe('relay against a guide-only server', () => {
  it('relays live events, detects the missing replay after a reconnect and says so', async () => {
    const { guide, client, relay, local } = await setUp({ resendOnSubscribe: 2 });
    for (const n of range(1, 5)) guide.emit(numbered(n));
    await waitFor(() => client.events().length >= 5, 'the first five events');
    expect(relay.status('guide')!.replaySupported).toBeNull();

    guide.dropClients();
    await waitFor(() => relay.status('guide')?.replaySupported === false, 'the relay to give up waiting for replay_complete');
    const status = relay.status('guide')!;
    expect(status).toMatchObject({ state: 'connected', reconnects: 1 });
    expect(status.detail).toMatch(/no replay support/);
    expect(guide.subscribes.at(-1)).toMatchObject({ resume_after: 'evt-5' });
    const health = await (await fetch(`${local.url}/health`)).json() as { upstreams: { replay: string }[] };
    expect(health.upstreams[0]!.replay).toBe('no replay support');

    for (const n of range(6, 10)) guide.emit(numbered(n));
    await waitFor(() => receivedNumbers(client).length >= 10, 'live events after the reconnect');
    // The server sent evt-4 and evt-5 again on the new subscription; the relay dropped them.
    expect(receivedNumbers(client)).toEqual(range(1, 10));
    expect(relay.status('guide')!.duplicatesDropped).toBe(2);
    // What the guide published while the relay was away is lost: one gap mark says so, after the reconnect.
    expect(client.events().filter(isGapMarkFrame)).toHaveLength(1);
  });

  it('keeps its resume point at the last in-order event when an out_of_order one arrives (PROTOCOL 1.1 §5)', async () => {
    const { guide, client, relay } = await setUp({ resendOnSubscribe: 1 });
    guide.emit(numbered(1));
    guide.emit(numbered(2));
    guide.emit(numbered(3), { outOfOrder: true });
    await waitFor(() => client.events().length >= 3, 'the three events');
    expect(relay.status('guide')!.resumeAfter).toBe('evt-2');
    guide.dropClients();
    await waitFor(() => guide.subscribes.length === 2 && guide.subscribedClients() === 1, 'the relay to subscribe again');
    expect(guide.subscribes.at(-1)).toMatchObject({ resume_after: 'evt-2' });
    // The server sent evt-3 again, in order this time: the relay dropped the copy and moved its resume point.
    await waitFor(() => relay.status('guide')?.duplicatesDropped === 1, 'the repeated event to be dropped');
    expect(receivedNumbers(client)).toEqual([1, 2, 3]);
    await waitFor(() => relay.status('guide')?.resumeAfter === 'evt-3', 'the resume point to reach evt-3');
  });

  it('subscribes without resume_after when a strict server refuses it, and goes on live', async () => {
    const { guide, client, relay } = await setUp({ strict: true });
    guide.emit(numbered(1));
    await waitFor(() => client.events().length >= 1, 'the first event');
    guide.dropClients();
    await waitFor(() => guide.subscribes.length === 3 && relay.status('guide')?.state === 'connected', 'the relay to subscribe again');
    expect(guide.subscribes.map((s) => 'resume_after' in s)).toEqual([false, true, false]);
    expect(relay.status('guide')).toMatchObject({ state: 'connected', replaySupported: false, reconnects: 1 });
    guide.emit(numbered(2));
    await waitFor(() => receivedNumbers(client).length >= 2, 'a live event');
    expect(receivedNumbers(client)).toEqual([1, 2]);
    expect(client.events().filter(isGapMarkFrame)).toHaveLength(1);
  });
});
