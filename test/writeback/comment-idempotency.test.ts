// A comment written back to an upstream carries an idempotency key: when the upstream's first answer is lost (it applied
// the comment, the laptop never heard), the outbox's retry is a no-op there, so the comment is posted exactly once.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { created, incident } from '../support/fixtures.js';
import { openNode, relayReady, removeDir, tempDir, waitFor, type Node } from './writeback-harness.js';

const open: Node[] = [];
const dirs: string[] = [];
const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
afterEach(async () => {
  for (const n of open.splice(0).reverse()) await n.close().catch(() => undefined);
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  for (const s of servers.splice(0)) await new Promise<void>((resolve) => s.close(() => resolve()));
  for (const d of dirs.splice(0)) removeDir(d);
});

/**
 * A TCP proxy to `port` that passes everything except the answer to the first `POST …/comments`: that request reaches
 * the upstream, and once the upstream has answered, the client's connection is destroyed without the answer.
 */
async function dropFirstCommentAnswer(port: number): Promise<{ port: number; dropped: () => number }> {
  let dropped = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    sockets.add(client).add(upstream);
    let decided = false;
    client.on('data', (chunk: Buffer) => {
      if (!decided) {
        decided = true;
        if (dropped === 0 && /^POST \/v1\/incidents\/[^/ ]+\/comments /.test(chunk.toString('latin1'))) {
          dropped += 1;
          upstream.once('data', () => {
            client.destroy();
            upstream.destroy();
          });
        } else upstream.pipe(client);
      }
      upstream.write(chunk);
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { port: (server.address() as net.AddressInfo).port, dropped: () => dropped };
}

describe('comment write-back idempotency', () => {
  it('an upstream that drops the first answer still gets the comment once: the retry carries the same key', async () => {
    const centralDir = tempDir('central');
    dirs.push(centralDir);
    const central = await openNode(centralDir, {}, 0, true);
    open.push(central);
    const proxy = await dropFirstCommentAnswer(central.port);
    const laptopDir = tempDir('laptop');
    dirs.push(laptopDir);
    const laptop = await openNode(laptopDir, { upstreams: [{ name: 'up', url: `ws://127.0.0.1:${proxy.port}/ws`, token: central.token }] });
    open.push(laptop);
    await relayReady(laptop);
    const i = incident({ severity: 'P1', source: 'central' });
    expect((await central.request('POST', '/v1/events', created(i))).status).toBe(202);
    await waitFor(() => laptop.incident(i.id) !== undefined, 'the incident on the laptop');

    const r = await laptop.request('POST', `/v1/incidents/${i.id}/comments`, { actor: 'ana', comment: 'rolling back 4.2' });
    expect(proxy.dropped()).toBe(1);
    // The laptop never heard back: the comment waits in the outbox (with its key) although central has it.
    expect(r.status).toBe(202);
    const [entry] = laptop.relay.writeback.outbox();
    expect(entry).toMatchObject({ status: 'pending', action: { action: 'comment', input: { actor: 'ana', comment: 'rolling back 4.2' } } });

    await laptop.relay.writeback.flush('up');
    expect(laptop.relay.writeback.outbox()).toEqual([]);
    const comments = async () => (await central.relay.control!.service.handlers['incidents:get']({ id: i.id })).timeline
      .filter((e) => e.event.event_type === 'comment_added');
    const atCentral = await comments();
    expect(atCentral).toHaveLength(1);
    expect(atCentral[0]!.event).toMatchObject({ author: 'ana', comment: 'rolling back 4.2' });
  });

  it('the comments route posts once per Idempotency-Key and refuses a malformed key', async () => {
    const dir = tempDir('solo');
    dirs.push(dir);
    const n = await openNode(dir, {}, 0, true);
    open.push(n);
    const i = incident({ severity: 'P2' });
    expect((await n.request('POST', '/v1/events', created(i))).status).toBe(202);
    const post = (key: string) => fetch(`${n.url}/v1/incidents/${i.id}/comments`, {
      method: 'POST', headers: { Authorization: `Bearer ${n.token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify({ actor: 'bo', comment: 'on it' }),
    });
    for (const key of ['k-1', 'k-1', 'k-2']) expect((await post(key)).status).toBe(200);
    const bad = await post('x'.repeat(201));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/Idempotency-Key/);
    const timeline = (await n.relay.control!.service.handlers['incidents:get']({ id: i.id })).timeline;
    expect(timeline.filter((e) => e.event.event_type === 'comment_added')).toHaveLength(2);
  });
});
