// PROTOCOL 1.1 §5: a P0 published during a session's replay is written at once, flagged out_of_order, once; a client
// resuming from its last in-order id afterwards loses nothing. Real server, real sockets; the replay is held up by a
// client that stops reading, so "during the replay" does not depend on timing.
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import { TestClient, type Frame } from '../support/ws-client.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { created, escalated, incident } from '../support/fixtures.js';

let h: Harness;
beforeAll(async () => {
  h = await startServer({ broadcast_capacity: 10_000, max_pending_messages: 100_000 });
});
afterAll(async () => {
  await h.stop();
});

const FILLER = 'x'.repeat(4000);
const idsOf = (r: { status: number; json: unknown }): string[] => {
  expect(r.status).toBe(202);
  return (r.json as { message_ids: string[] }).message_ids;
};
const isOutOfOrder = (f: Frame): boolean => f.out_of_order === true;

/** Publishes `count` ~4 KiB P3 events of `source`, 100 per request; their ids in order. */
async function publishBacklog(source: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let k = 0; k < count; k += 100) {
    const events = Array.from({ length: Math.min(100, count - k) }, (_, i) => created(incident({ source, severity: 'P3', title: `old ${k + i}`, description: FILLER })));
    ids.push(...idsOf(await h.publish({ events })));
  }
  return ids;
}

/** Connects, stops reading, and subscribes with resume_after: the server's replay backs up behind the unread socket. */
async function stalledReplay(source: string, resumeAfter: string): Promise<{ client: TestClient; resume(): void }> {
  const client = await TestClient.connect(h.wsUrl, { perMessageDeflate: false });
  const raw = (client.ws as unknown as { _socket: Socket })._socket;
  raw.pause();
  client.send({ type: 'subscribe', subscription_id: 'r', filters: { sources: [source] }, resume_after: resumeAfter });
  const session = async () => [...h.server.hub.sessions].find((s) => s.subscriptions.has('r') && s.replaying > 0 && s.pending > 0);
  for (let tries = 0; !(await session()); tries++) {
    if (tries > 2000) throw new Error('the replay never backed up');
    await new Promise((r) => setTimeout(r, 5));
  }
  return { client, resume: () => raw.resume() };
}

async function publishOne(event: IncidentEvent): Promise<string> {
  return idsOf(await h.publish(event))[0]!;
}

describe('a P0 during a replay', () => {
  it('arrives ahead of the replay, once, flagged out_of_order; held live events follow replay_complete unflagged', async () => {
    const source = `ooo-${Date.now()}`;
    const backlog = await publishBacklog(source, 2000);
    const { client, resume } = await stalledReplay(source, backlog[0]!);
    const liveBefore = await publishOne(created(incident({ source, severity: 'P2', title: 'live before' })));
    const p0 = await publishOne(created(incident({ source, severity: 'P0', title: 'the P0' })));
    const liveAfter = await publishOne(created(incident({ source, severity: 'P3', title: 'live after' })));
    resume();
    await client.next((f) => f.type === 'event' && f.message_id === liveAfter, 0, 60_000);
    await new Promise((r) => setTimeout(r, 200));

    const events = client.events();
    const ids = events.map((e) => String(e.message_id));
    expect(ids.filter((id) => id === p0)).toHaveLength(1);
    const p0Frame = events.find((e) => e.message_id === p0)!;
    expect(p0Frame.out_of_order).toBe(true);
    expect(events.filter(isOutOfOrder).map((e) => e.message_id)).toEqual([p0]);
    const p0At = client.frames.indexOf(p0Frame);
    const completeAt = client.frames.findIndex((f) => f.type === 'replay_complete');
    const lastReplayedAt = client.frames.findIndex((f) => f.message_id === backlog.at(-1));
    expect(p0At).toBeLessThan(lastReplayedAt);
    expect(lastReplayedAt).toBeLessThan(completeAt);
    expect(client.frames[completeAt]).toMatchObject({ replayed: backlog.length - 1, gap: false });
    // Everything else in journal order, each once: the replayed backlog, then the held live events.
    expect(ids.filter((id) => id !== p0)).toEqual([...backlog.slice(1), liveBefore, liveAfter]);
    expect(client.frames.findIndex((f) => f.message_id === liveBefore)).toBeGreaterThan(completeAt);
    client.close();
  });

  it('writes an escalation to P0 ahead of the replay too', async () => {
    const source = `ooo-esc-${Date.now()}`;
    const target = incident({ source, severity: 'P2', title: 'to escalate' });
    const backlog = [await publishOne(created(target)), ...await publishBacklog(source, 2000)];
    const { client, resume } = await stalledReplay(source, backlog[0]!);
    const escalation = await publishOne(escalated(target.id, 'P2', 'P0'));
    resume();
    await client.next((f) => f.type === 'replay_complete', 0, 60_000);
    const frame = client.events().find((e) => e.message_id === escalation);
    expect(frame?.out_of_order).toBe(true);
    expect(client.frames.indexOf(frame!)).toBeLessThan(client.frames.findIndex((f) => f.message_id === backlog.at(-1)));
    client.close();
  });

  it('loses nothing when the client acks the P0, disconnects, and resumes from its last in-order id', async () => {
    const source = `ooo-resume-${Date.now()}`;
    const backlog = await publishBacklog(source, 2000);
    const { client, resume } = await stalledReplay(source, backlog[0]!);
    const live = [await publishOne(created(incident({ source, severity: 'P2', title: 'live 1' })))];
    const p0 = await publishOne(created(incident({ source, severity: 'P0', title: 'the P0' })));
    live.push(await publishOne(created(incident({ source, severity: 'P2', title: 'live 2' }))));
    resume();
    const p0Frame = await client.next((f) => f.type === 'event' && f.message_id === p0, 0, 60_000);
    // The client as it stood when the P0 arrived: it acks it, keeps the last in-order id, and drops the connection.
    const seen = client.frames.slice(0, client.frames.indexOf(p0Frame) + 1).filter((f) => f.type === 'event');
    expect(p0Frame.out_of_order).toBe(true);
    expect(seen.map((f) => f.message_id)).not.toContain(backlog.at(-1));
    const resumePoint = String(seen.filter((f) => !isOutOfOrder(f)).at(-1)?.message_id ?? backlog[0]);
    // Resuming from the P0 itself would skip the rest of the replay: the rule is what keeps this lossless.
    expect(resumePoint).not.toBe(p0);
    client.send({ type: 'ack', message_id: p0 });
    client.close();

    const again = await TestClient.connect(h.wsUrl);
    await again.subscribe('r', { sources: [source] }, { resume_after: resumePoint });
    await again.next((f) => f.type === 'replay_complete', 0, 60_000);
    const everyId = [...backlog.slice(1), ...live.slice(0, 1), p0, ...live.slice(1)];
    const received = [...seen, ...again.events()].map((e) => String(e.message_id));
    for (const id of everyId) expect(received, `message ${id}`).toContain(id);
    expect(received.filter((id) => id === p0).length).toBeLessThanOrEqual(2);
    expect(again.events().some(isOutOfOrder)).toBe(false);
    again.close();
  });
});
