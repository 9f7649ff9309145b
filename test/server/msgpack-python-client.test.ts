// A Python client decodes a live MessagePack stream with Debian's python3-msgpack (PROTOCOL 1.1 §1 for clients other than ours).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type Harness } from '../support/server-harness.js';
import { created, incident } from '../support/fixtures.js';

let h: Harness;
beforeAll(async () => {
  h = await startServer();
});
afterAll(async () => {
  await h.stop();
});

describe('python3-msgpack client', () => {
  it('receives, decodes and acks live events over incident-relay.v1.msgpack', async () => {
    const child = spawn('/usr/bin/python3', [resolve('test/server/clients/msgpack_client.py'), h.wsUrl, '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += String(d); });
    child.stderr.on('data', (d) => { out += String(d); });
    const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    while (!out.includes('Subscribed') && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain("Subscribed py ['affected_resources', 'event_types', 'incident_ids', 'labels', 'severities', 'sources', 'states']");
    const r = await h.publish({ events: [
      created(incident({ severity: 'P1', title: 'first é' })), created(incident({ severity: 'P3', title: 'filtered out' })),
      created(incident({ severity: 'P1', title: 'second' })), created(incident({ severity: 'P1', title: 'third' })),
    ] });
    const ids = (r.json as { message_ids: string[] }).message_ids;
    const code = await exited;
    clearTimeout(timer);
    expect(code, out).toBe(0);
    expect(out).toContain(`Event ${ids[0]} ['py'] P1 first é`);
    expect(out).toContain(`Event ${ids[2]} ['py'] P1 second`);
    expect(out).toContain(`Event ${ids[3]} ['py'] P1 third`);
    expect(out).not.toContain('filtered out');
  });
});
