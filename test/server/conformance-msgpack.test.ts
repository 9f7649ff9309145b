// The shared conformance suite's checks over the MessagePack subprotocol (test/conformance/run.mjs --msgpack) against `serve`.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from '../support/cli-process.js';

let s: ServeProcess;
beforeAll(async () => {
  s = await startServe();
});
afterAll(async () => {
  await s.stop();
});

describe('conformance over MessagePack', () => {
  it('passes every check with each WebSocket session speaking incident-relay.v1.msgpack', async () => {
    const r = spawnSync(process.execPath, [resolve('test/conformance/run.mjs'), '--msgpack', '--base', s.url, '--token', s.token, '--protocol', '1.1'], {
      encoding: 'utf8', timeout: 120_000,
    });
    const summary = /(\d+) passed, (\d+) failed/.exec(r.stdout);
    expect(summary, r.stdout + r.stderr).not.toBeNull();
    expect(Number(summary![2]), r.stdout).toBe(0);
    expect(Number(summary![1])).toBeGreaterThanOrEqual(62);
    expect(r.status).toBe(0);
    // The sessions really were MessagePack ones: the only JSON session is the bare HTTP upgrade probe of the
    // browser-safety check "upgrade without Origin -> 101", which opens no WebSocket client at all.
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    const opened = (transport: string) => Number(new RegExp(`incident_relay_connections_total\\{transport="${transport}"\\} (\\d+)`).exec(metrics)?.[1]);
    expect(opened('msgpack')).toBeGreaterThan(30);
    expect(opened('json')).toBe(1);
  });
});
