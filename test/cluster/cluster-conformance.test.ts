// The shared protocol conformance suite, run against one `serve --cluster` node of a three-node cluster.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from '../support/cli-process.js';
import { startNatsServer, stopAllNats, type NatsServer } from './support/nats-server.js';

const SUITE = resolve('../shared/conformance/run.mjs');
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
    expect(existsSync(SUITE), `${SUITE} must exist beside the project (../shared)`).toBe(true);
    const node = nodes[1]!;
    expect(node.stdout()).toMatch(/journal: +NATS 127\.0\.0\.1:\d+, stream INCIDENT_RELAY \(replicas 1\)/);
    const r = spawnSync(process.execPath, [SUITE, '--base', `http://127.0.0.1:${node.port}`, '--token', node.token], { encoding: 'utf8', timeout: 120_000 });
    const summary = /(\d+) passed, (\d+) failed/.exec(r.stdout);
    expect(summary, r.stdout + r.stderr).not.toBeNull();
    expect(Number(summary![2]), r.stdout).toBe(0);
    expect(Number(summary![1])).toBeGreaterThanOrEqual(54);
    expect(r.status).toBe(0);
  }, 150_000);
});
