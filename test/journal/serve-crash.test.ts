// The durable journal end to end: kill -9 mid-stream, restart on the same file, resume from the last ack — nothing lost.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, startServe } from '../support/cli-process.js';
import { TestClient } from '../support/ws-client.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'ir-crash-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const sys = (n: number) => ({ event_type: 'system_event', category: 'crash', message: `n=${n}`, metadata: { n: String(n) } });

describe('durable journal through serve', () => {
  it('replays every 202-acknowledged event after the client\'s last ack, in order, after SIGKILL and restart', async () => {
    const dataDir = tmp();
    const first = await startServe([], { dataDir });
    const client = await TestClient.connect(`ws://127.0.0.1:${first.port}/ws`);
    await client.subscribe('all');
    let lastAcked: string | undefined;
    let acks = 0;
    client.ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { type: string; message_id?: string };
      if (m.type === 'event' && acks < 150) {
        client.send({ type: 'ack', message_id: m.message_id });
        lastAcked = m.message_id;
        acks += 1;
      }
    });
    const accepted: string[] = [];
    let n = 0;
    let killed = false;
    const publisher = (async () => {
      while (!killed) {
        const size = 1 + (n % 7);
        const events = Array.from({ length: size }, () => sys(n++));
        try {
          const res = await fetch(`${first.url}/v1/events`, {
            method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${first.token}` }, body: JSON.stringify({ events }),
          });
          if (res.status === 202) accepted.push(...((await res.json()) as { message_ids: string[] }).message_ids);
        } catch {
          return; // the server died under this request: its events may or may not be journaled
        }
      }
    })();
    while (accepted.length < 400) await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL');
    killed = true;
    await publisher;
    await first.stop();
    client.close();
    expect(lastAcked).toBeDefined();

    const second = await startServe([], { dataDir });
    try {
      const again = await TestClient.connect(`ws://127.0.0.1:${second.port}/ws`);
      const from = again.frames.length;
      again.send({ type: 'subscribe', subscription_id: 'all', filters: {}, resume_after: lastAcked });
      const done = await again.next((f) => f.type === 'replay_complete', from, 20_000);
      expect(done.gap).toBe(false);
      const replayed = again.events(from).map((e) => String(e.message_id));
      const afterAck = accepted.slice(accepted.indexOf(lastAcked!) + 1);
      expect(afterAck.length).toBeGreaterThan(0);
      // Every event the server answered 202 for, after the last ack, is replayed in order.
      let k = 0;
      for (const id of replayed) if (id === afterAck[k]) k += 1;
      expect(k).toBe(afterAck.length);
      // Nothing at or before the last ack comes back, and nothing twice.
      expect(replayed).not.toContain(lastAcked);
      expect(new Set(replayed).size).toBe(replayed.length);
      const seqs = replayed.map((id) => Number(id.slice(id.lastIndexOf('-') + 1)));
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      again.close();
    } finally {
      await second.stop();
    }
  }, 90_000);

  it('answers gap: true for ids of a wiped journal', async () => {
    const dataDir = tmp();
    const s1 = await startServe([], { dataDir });
    const res = await fetch(`${s1.url}/v1/events`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${s1.token}` }, body: JSON.stringify(sys(1)),
    });
    const [id] = ((await res.json()) as { message_ids: string[] }).message_ids;
    await s1.stop();
    rmSync(join(dataDir, 'journal.sqlite3'), { force: true });
    rmSync(join(dataDir, 'journal.sqlite3-wal'), { force: true });
    rmSync(join(dataDir, 'journal.sqlite3-shm'), { force: true });
    const s2 = await startServe([], { dataDir });
    try {
      const c = await TestClient.connect(`ws://127.0.0.1:${s2.port}/ws`);
      const from = c.frames.length;
      c.send({ type: 'subscribe', subscription_id: 'x', filters: {}, resume_after: id });
      expect((await c.next((f) => f.type === 'replay_complete', from)).gap).toBe(true);
      c.close();
    } finally {
      await s2.stop();
    }
  }, 60_000);

  it('stops with a non-zero exit naming the path when the journal file is corrupt', () => {
    const dataDir = tmp();
    const file = join(dataDir, 'journal.sqlite3');
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    const r = spawnSync(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).not.toBe(0);
    expect(r.status).not.toBeNull();
    expect(r.stderr).toContain(file);
    expect(r.stdout).not.toContain('listening on');
  });
});

describe('journal file permissions', () => {
  it('keeps the journal readable by its owner only', async () => {
    const dataDir = tmp();
    const s = await startServe([], { dataDir });
    try {
      const { statSync } = await import('node:fs');
      expect(statSync(join(dataDir, 'journal.sqlite3')).mode & 0o777).toBe(0o600);
    } finally {
      await s.stop();
    }
  });
});
