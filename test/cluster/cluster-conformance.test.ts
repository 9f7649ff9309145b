// The shared protocol conformance suite, run against one `serve --cluster` node of a three-node cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from '../support/cli-process.js';
import { expectConformance } from '../support/conformance.js';
import { startNatsServer, stopAllNats, type NatsServer } from './support/nats-server.js';

let nats: NatsServer;
const nodes: ServeProcess[] = [];

beforeAll(async () => {
  nats = await startNatsServer();
  for (let i = 0; i < 3; i++) nodes.push(await startServe(['--cluster', nats.url]));
});
afterAll(async () => {
  await Promise.all(nodes.map((n) => n.stop()));
  await stopAllNats();
});

describe('conformance suite in cluster mode', () => {
  it('passes every check against a node of the cluster', () => {
    const node = nodes[1]!;
    expect(node.stdout()).toMatch(/journal: +NATS 127\.0\.0\.1:\d+, stream INCIDENT_RELAY \(replicas 1\)/);
    expectConformance(node.port, node.token);
  }, 150_000);
});
