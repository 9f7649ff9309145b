// Issue 17: the console's Acknowledge on a laptop that runs notifications asks the owner once (it asked twice: the
// responder, then the notification driver's acknowledge called the responder again). Counted on the wire to the owner.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type IncidentRelayApp } from '../../src-main/app/open-app.js';
import { createLogger, parseConfig } from '../../src-main/server/index.js';
import { created, incident } from '../support/fixtures.js';
import { RecordingSink } from '../notify/support/recording.js';
import { openNode, removeDir, tempDir, waitFor, type Node } from './writeback-harness.js';

/** A TCP proxy to `port` that keeps every byte clients sent, so requests to the owner can be counted. */
async function countingProxy(port: number): Promise<{ port: number; sent(): string; close(): Promise<void> }> {
  let sent = '';
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
    client.on('data', (chunk: Buffer) => { sent += chunk.toString('latin1'); });
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    sent: () => sent,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c().catch(() => undefined);
});

describe("the console's Acknowledge with notifications on", () => {
  it('sends one request to the owner of an upstream incident, and the reminders stop', async () => {
    const centralDir = tempDir('central');
    const central: Node = await openNode(centralDir);
    closers.push(async () => removeDir(centralDir), () => central.close());
    const proxy = await countingProxy(central.port);
    closers.push(() => proxy.close());

    const laptopDir = tempDir('laptop');
    closers.push(async () => removeDir(laptopDir));
    const config = parseConfig({
      port: 0, data_dir: laptopDir, log_level: 'silent',
      upstreams: [{ name: 'central', url: `ws://127.0.0.1:${proxy.port}/ws`, token: central.token }],
    });
    const laptop: IncidentRelayApp = await openApp(config, createLogger('silent'), { notificationSink: new RecordingSink() });
    closers.push(() => laptop.close());
    await laptop.server.start();
    await waitFor(() => laptop.relay.list().every((u) => u.state === 'connected' && u.backfill?.state !== 'running'), 'the relay connected');

    const p0 = incident({ severity: 'P0', state: 'Detected', title: 'PRIMARY DB DOWN', assignees: [] });
    expect((await central.request('POST', '/v1/events', created(p0))).status).toBe(202);
    await waitFor(() => laptop.notifications!.status().reminders.some((r) => r.incidentId === p0.id), 'the P0 reminder on the laptop');

    const summary = await laptop.control!.service.handlers['incidents:acknowledge']({ id: p0.id });
    expect(summary.acknowledgedBy).toEqual(expect.any(String));
    await laptop.notifications!.idle();
    expect(central.incident(p0.id)?.state).toBe('Triaged');
    const writes = proxy.sent().match(new RegExp(`POST /v1/incidents/${p0.id}/acknowledge HTTP/1\\.1\r\n`, 'g')) ?? [];
    expect(writes).toHaveLength(1);
    expect(laptop.notifications!.status().reminders).toEqual([]);
    expect(laptop.notifications!.status().acknowledgements.map((a) => a.incidentId)).toEqual([p0.id]);
  });
});
