// Node failure: three `serve --cluster` processes; B is killed with SIGKILL while events flow; its clients resume on A.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from '../support/cli-process.js';
import { TestClient, type Frame } from '../support/ws-client.js';
import { created, incident } from '../support/fixtures.js';
import { startNatsServer, stopAllNats, type NatsServer } from './support/nats-server.js';

let nats: NatsServer;
const nodes: ServeProcess[] = [];

beforeAll(async () => {
  nats = await startNatsServer();
  // One after the other: the first creates the stream, the others find it.
  for (let i = 0; i < 3; i++) nodes.push(await startServe(['--cluster', nats.url]));
});
afterAll(async () => {
  await Promise.all(nodes.map((n) => n.stop('SIGKILL')));
  await stopAllNats();
});

async function publish(node: ServeProcess, title: string, src: string): Promise<string> {
  const res = await fetch(`${node.url}/v1/events`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${node.token}` },
    body: JSON.stringify(created(incident({ source: src, title }))),
  });
  expect(res.status, await res.clone().text()).toBe(202);
  return ((await res.json()) as { message_ids: string[] }).message_ids[0]!;
}

const idsOf = (frames: Frame[]) => frames.filter((f) => f.type === 'event').map((f) => String(f.message_id));

describe('a node killed with SIGKILL', () => {
  it('loses nothing: its clients resume on another node and get every acknowledged event exactly once, in order', async () => {
    const [a, b, c] = nodes as [ServeProcess, ServeProcess, ServeProcess];
    const src = `kill-${Date.now()}`;
    const clients = await Promise.all([0, 1, 2].map(() => TestClient.connect(`ws://127.0.0.1:${b.port}/ws`)));
    for (const cl of clients) await cl.subscribe('s', { sources: [src] });
    const acked: string[] = [];
    let killed = false;
    const flow = (async () => {
      for (let k = 0; k < 300; k++) {
        acked.push(await publish(k % 2 === 0 ? c : a, `e${k}`, src));
        if (k === 100) {
          killed = true;
          void b.stop('SIGKILL');
        }
      }
    })();
    // Each client of B notices the drop, then resumes on A after the last event it got.
    const resumed = await Promise.all(clients.map(async (cl) => {
      await cl.next(() => false, 0, 60_000).catch(() => undefined);
      expect(killed).toBe(true);
      const before = idsOf(cl.frames);
      const onA = await TestClient.connect(`ws://127.0.0.1:${a.port}/ws`);
      await onA.subscribe('s', { sources: [src] }, before.length > 0 ? { resume_after: before.at(-1) } : {});
      return { before, onA };
    }));
    await flow;
    for (const { before, onA } of resumed) {
      await onA.next((f) => f.type === 'event' && f.message_id === acked.at(-1), 0, 30_000);
      const complete = onA.frames.find((f) => f.type === 'replay_complete');
      expect(complete).toMatchObject({ gap: false });
      expect([...before, ...idsOf(onA.frames)]).toEqual(acked);
      onA.close();
    }
    expect(acked).toHaveLength(300);
  }, 180_000);
});
