// Relay loops on real servers: a self-relay is refused, cycles deliver every event once per server and then go quiet.
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.js';
import { formatMessageId } from '../../src-main/server/journal/journal.js';
import { MemoryJournal } from '../../src-main/server/journal/memory-journal.js';
import type { UpstreamRelaysOptions } from '../../src-main/relay/index.js';
import { TestClient, type Frame } from '../support/ws-client.js';
import {
  FAST_TIMINGS, numbered, publishEvents, range, receivedNumbers, startRelayedLocal, waitFor, type RelayedLocal,
} from './relay-harness.js';
import { startTcpProxy } from './tcp-proxy.js';

const cleanups = cleanupsAfterEach();

interface Node extends RelayedLocal {
  client: TestClient;
  /** Events not re-published by loop protection, over all of this node's upstreams. */
  loopsDropped(): number;
  journalSize(): number;
  metrics(): Promise<string>;
}

/** A server with a relay (no upstream yet) and a client subscribed to everything on it. */
async function startNode(relayOpts: Omit<UpstreamRelaysOptions, 'timings'> = {}, journal?: MemoryJournal): Promise<Node> {
  const node = await startRelayedLocal([], FAST_TIMINGS, {}, journal ? { journal } : {}, relayOpts);
  cleanups.push(() => node.stop());
  const client = await TestClient.connect(node.local.wsUrl);
  cleanups.push(() => client.close());
  await client.subscribe('everything');
  return {
    ...node, client,
    loopsDropped: () => node.relay.list().reduce((sum, s) => sum + s.loopsDropped, 0),
    journalSize: () => node.local.server.journal.size(),
    metrics: async () => (await fetch(`${node.local.url}/metrics`)).text(),
  };
}

/** `to` relays `from` under the name `name`, and is connected. */
async function link(from: Node, to: Node, name: string): Promise<void> {
  to.relay.addUpstream({ url: from.local.wsUrl, name });
  await waitFor(() => to.relay.status(name)?.state === 'connected', `${name} to connect`);
}

const sorted = (ns: number[]) => [...ns].sort((a, b) => a - b);
const eventNumbered = (client: TestClient, n: number): Frame => client.events().find((f) => (f.event as { message: string }).message === String(n))!;
const traceOf = (f: Frame) => (f.event as { relay_trace?: unknown }).relay_trace;

describe('relay loop protection', () => {
  it('refuses a self-relay with a clear status, in /health too, and relays nothing back', async () => {
    const node = await startNode();
    node.relay.addUpstream({ url: node.local.wsUrl, name: 'myself' });
    await waitFor(() => node.relay.status('myself')?.state === 'refused', 'the self-relay to be refused');
    expect(node.relay.status('myself')).toMatchObject({
      lastError: expect.stringMatching(/this server itself \(self-relay/), detail: expect.stringMatching(/^refused: .*not retrying/),
      nextRetryAt: null, reconnects: 0,
    });
    const health = await (await fetch(`${node.local.url}/health`)).json() as { upstreams: Record<string, unknown>[] };
    expect(health.upstreams).toEqual([expect.objectContaining({ name: 'myself', state: 'refused', last_error: expect.stringMatching(/self-relay/) })]);
    await waitFor(() => node.local.server.sessionCount() === 1, 'the refused connection to close');

    await publishEvents(node.local, range(1, 5).map(numbered));
    await waitFor(() => node.client.events().length >= 5, 'five events at the client');
    expect(receivedNumbers(node.client)).toEqual(range(1, 5));
    expect(node.journalSize()).toBe(5);
    expect(node.relay.status('myself')!.reconnects).toBe(0);
    expect(node.relay.stats().connected).toBe(0);
  });

  it('recognises itself behind another address (a TCP proxy), not by its URL', async () => {
    const node = await startNode();
    const proxy = await startTcpProxy(Number(new URL(node.local.url).port));
    cleanups.push(() => proxy.close());
    node.relay.addUpstream({ url: proxy.wsUrl(), name: 'via-proxy' });
    await waitFor(() => node.relay.status('via-proxy')?.state === 'refused', 'the proxied self-relay to be refused');
    expect(node.relay.status('via-proxy')!.lastError).toMatch(/self-relay/);
  });

  it("refuses an upstream that serves this server's own event stream (same journal, like a cluster sibling)", async () => {
    const shared = 'abcdefabcdef';
    const a = await startNode({}, new MemoryJournal(1000, shared));
    const b = await startNode({}, new MemoryJournal(1000, shared));
    await link(a, b, 'sibling');
    await publishEvents(a.local, [numbered(1)]);
    await waitFor(() => b.relay.status('sibling')?.state === 'refused', 'the sibling to be refused');
    expect(b.relay.status('sibling')!.lastError).toMatch(/own event stream/);
    expect(b.journalSize()).toBe(0);
    expect(await b.metrics()).toMatch(/^relay_loop_drops_total\{upstream="sibling",reason="own_stream"\} 1$/m);
  });

  it('two servers relaying each other: each event once on each, then nothing circulates', async () => {
    const a = await startNode();
    const b = await startNode();
    await link(a, b, 'a');
    await link(b, a, 'b');
    await publishEvents(a.local, range(1, 20).map(numbered));
    await publishEvents(b.local, range(21, 40).map(numbered));
    await waitFor(() => a.client.events().length >= 40 && b.client.events().length >= 40, '40 events on each side');
    // A marker per side: once its copy came back and was dropped, everything published before it has come back too.
    await publishEvents(a.local, [numbered(41)]);
    await publishEvents(b.local, [numbered(42)]);
    await waitFor(() => a.loopsDropped() === 21 && b.loopsDropped() === 21, 'each side to drop the copies of its own 21 events');

    for (const n of [a, b]) {
      expect(sorted(receivedNumbers(n.client))).toEqual(range(1, 42));
      expect(n.journalSize()).toBe(42);
    }
    expect(receivedNumbers(a.client).filter((n) => n <= 20 || n === 41)).toEqual([...range(1, 20), 41]);
    expect(receivedNumbers(b.client).filter((n) => n <= 20 || n === 41)).toEqual([...range(1, 20), 41]);

    const original = eventNumbered(a.client, 1);
    expect(traceOf(original)).toBeUndefined();
    expect(traceOf(eventNumbered(b.client, 1))).toEqual({ origin_id: original.message_id, path: [a.local.server.journal.epoch] });
    // The resume point moves past the dropped copies, so a reconnect does not fetch them again.
    const bJournal = b.local.server.journal;
    expect(a.relay.status('b')!.resumeAfter).toBe(formatMessageId(bJournal.epoch, bJournal.lastSeq()));
    expect(await a.metrics()).toMatch(/^relay_loop_drops_total\{upstream="b",reason="in_path"\} 21$/m);
    expect(await a.metrics()).toMatch(/^relay_events_total\{upstream="b",outcome="looped"\} 21$/m);
    expect(a.relay.status('b')).toMatchObject({ state: 'connected', eventsRelayed: 21, loopsDropped: 21 });
  });

  it('a three-server cycle: each event once on every server, each dropped where it started', async () => {
    const [a, b, c] = [await startNode(), await startNode(), await startNode()];
    await link(a, b, 'a');
    await link(b, c, 'b');
    await link(c, a, 'c');
    await publishEvents(a.local, range(1, 10).map(numbered));
    await publishEvents(b.local, range(11, 20).map(numbered));
    await publishEvents(c.local, range(21, 30).map(numbered));
    await publishEvents(a.local, [numbered(31)]);
    await publishEvents(b.local, [numbered(32)]);
    await publishEvents(c.local, [numbered(33)]);
    await waitFor(() => [a, b, c].every((n) => n.loopsDropped() === 11), 'each server to drop the copies of its own 11 events');
    for (const n of [a, b, c]) {
      expect(sorted(receivedNumbers(n.client))).toEqual(range(1, 33));
      expect(n.journalSize()).toBe(33);
    }
    const epochs = [a, b, c].map((n) => n.local.server.journal.epoch);
    expect(traceOf(eventNumbered(c.client, 1))).toMatchObject({ path: [epochs[0], epochs[1]] });
  });

  it('a chain A → B → C delivers everything, in order, with the path it took', async () => {
    const [a, b, c] = [await startNode(), await startNode(), await startNode()];
    await link(a, b, 'a');
    await link(b, c, 'b');
    await publishEvents(a.local, range(1, 50).map(numbered));
    await waitFor(() => c.client.events().length >= 50, '50 events at the end of the chain');
    await publishEvents(b.local, range(51, 55).map(numbered));
    await waitFor(() => c.client.events().length >= 55, 'five events from the middle');
    expect(receivedNumbers(b.client)).toEqual(range(1, 55));
    expect(receivedNumbers(c.client)).toEqual(range(1, 55));
    expect(c.loopsDropped() + b.loopsDropped()).toBe(0);
    const [ea, eb] = [a, b].map((n) => n.local.server.journal.epoch);
    expect(traceOf(eventNumbered(c.client, 1))).toEqual({ origin_id: eventNumbered(a.client, 1).message_id, path: [ea, eb] });
    expect(traceOf(eventNumbered(c.client, 51))).toEqual({ origin_id: eventNumbered(b.client, 51).message_id, path: [eb] });
  });

  it('drops events past the hop limit and still relays the nearer ones', async () => {
    const [a, b] = [await startNode(), await startNode()];
    const c = await startNode({ maxHops: 1 });
    await link(a, b, 'a');
    await link(b, c, 'b');
    await publishEvents(a.local, range(1, 3).map(numbered));
    await waitFor(() => b.client.events().length >= 3, 'three events one hop away');
    await publishEvents(b.local, [numbered(4)]);
    await waitFor(() => c.client.events().length >= 1, 'the one-hop event at the end');
    await waitFor(() => c.loopsDropped() === 3, 'the two-hop events to be dropped');
    expect(receivedNumbers(c.client)).toEqual([4]);
    expect(await c.metrics()).toMatch(/^relay_loop_drops_total\{upstream="b",reason="hop_limit"\} 3$/m);
  });

  it('two servers that relay each other and a common upstream: each upstream event once on each', async () => {
    const [u, a, b] = [await startNode(), await startNode(), await startNode()];
    await link(u, a, 'u');
    await link(u, b, 'u');
    await link(a, b, 'a');
    await link(b, a, 'b');
    await publishEvents(u.local, range(1, 20).map(numbered));
    await waitFor(() => a.loopsDropped() === 20 && b.loopsDropped() === 20, 'each server to drop the second copy of each event');
    for (const n of [a, b]) {
      expect(sorted(receivedNumbers(n.client))).toEqual(range(1, 20));
      expect(n.journalSize()).toBe(20);
    }
  });
});
