// The relay's upstream client over MessagePack (`msgpack: true`): used when the upstream offers it, JSON when it does not.
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.js';
import { startServer } from '../support/server-harness.js';
import { TestClient } from '../support/ws-client.js';
import { startGuideServer } from './guide-server.js';
import { numbered, publishEvents, range, receivedNumbers, startRelayedLocal, waitFor } from './relay-harness.js';

const cleanups = cleanupsAfterEach();

async function localClient(url: string): Promise<TestClient> {
  const c = await TestClient.connect(url);
  cleanups.push(() => c.close());
  await c.subscribe('everything');
  return c;
}

describe('relay upstream over MessagePack', () => {
  it('subscribes over incident-relay.v1.msgpack when the upstream offers it, and relays every event in order', async () => {
    const upstream = await startServer();
    cleanups.push(() => upstream.stop());
    const { local, relay, stop } = await startRelayedLocal([{ url: upstream.wsUrl, name: 'central', msgpack: true }]);
    cleanups.push(stop);
    await waitFor(() => relay.status('central')?.state === 'connected', 'the relay to connect');
    const opened = await upstream.server.metrics.transportConnectionsTotal.get();
    expect(opened.values.find((v) => v.labels.transport === 'msgpack')?.value).toBe(1);
    expect(opened.values.find((v) => v.labels.transport === 'json')?.value).toBe(0);
    const client = await localClient(local.wsUrl);
    for (let n = 1; n <= 40; n += 10) await publishEvents(upstream, range(n, n + 9).map(numbered));
    await waitFor(() => client.events().length >= 40, '40 events at the local client');
    expect(receivedNumbers(client)).toEqual(range(1, 40));
    expect(relay.status('central')).toMatchObject({ eventsRelayed: 40, duplicatesDropped: 0 });
  });

  it.each([
    ['answers the upgrade without a subprotocol (as the Rust server)', true],
    ['echoes the subprotocol but writes JSON (ws\'s default)', false],
  ])('falls back to JSON when a guide-only upstream %s', async (_what, noSubprotocol) => {
    const guide = await startGuideServer({ noSubprotocol });
    cleanups.push(() => guide.close());
    const { local, relay, stop } = await startRelayedLocal([{ url: guide.wsUrl, name: 'guide', msgpack: true }]);
    cleanups.push(stop);
    await waitFor(() => guide.subscribedClients() === 1, 'the relay to subscribe over JSON');
    expect(relay.status('guide')?.state).toBe('connected');
    const client = await localClient(local.wsUrl);
    for (const n of range(1, 5)) guide.emit(numbered(n));
    await waitFor(() => client.events().length >= 5, '5 events at the local client');
    expect(receivedNumbers(client)).toEqual(range(1, 5));
  });
});
