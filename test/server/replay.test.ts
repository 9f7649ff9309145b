// resume_after: replay of later matching events, gap for unknown ids, and live events during a long replay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/ws-client.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { created, incident } from '../support/fixtures.js';

let h: Harness;
beforeAll(async () => {
  h = await startServer({ broadcast_capacity: 5000 });
});
afterAll(async () => {
  await h.stop();
});

const ids = (r: { json: unknown }) => (r.json as { message_ids: string[] }).message_ids;

describe('replay', () => {
  it('replays matching events after a known id, listing every matching subscription, then replay_complete', async () => {
    const src = `rp-${Date.now()}`;
    const r = await h.publish({ events: [1, 2, 3].map((k) => created(incident({ source: src, title: `e${k}` }))) });
    const c = await TestClient.connect(h.wsUrl);
    await c.subscribe('other', { sources: [src] });
    const from = c.frames.length;
    await c.subscribe('mine', { sources: [src] }, { resume_after: ids(r)[0] });
    const done = await c.next((f) => f.type === 'replay_complete', from);
    expect(done).toMatchObject({ subscription_id: 'mine', replayed: 2, gap: false });
    const evs = c.events(from);
    expect(evs.map((e) => e.message_id)).toEqual(ids(r).slice(1));
    expect(evs[0]!.subscription_ids).toEqual(['mine', 'other']);
    c.close();
  });

  it('replays everything retained with gap=true for an unknown or foreign id', async () => {
    const c = await TestClient.connect(h.wsUrl);
    const from = c.frames.length;
    await c.subscribe('g', { sources: ['nothing-matches-this'] }, { resume_after: 'ffffffffffff-1' });
    expect(await c.next((f) => f.type === 'replay_complete', from)).toMatchObject({ replayed: 0, gap: true });
    c.close();
  });

  it('loses and repeats nothing when live events arrive during a multi-page replay', async () => {
    const src = `live-${Date.now()}`;
    const first = await h.publish(created(incident({ source: src, title: 'start' })));
    for (let k = 0; k < 3; k++) await h.publish({ events: Array.from({ length: 500 }, (_, i) => created(incident({ source: src, title: `old ${k}-${i}` }))) });
    const c = await TestClient.connect(h.wsUrl);
    const from = c.frames.length;
    c.send({ type: 'subscribe', subscription_id: 'r', filters: { sources: [src] }, resume_after: ids(first)[0] });
    const live: string[] = [];
    for (let k = 0; k < 10; k++) live.push(...ids(await h.publish({ events: Array.from({ length: 10 }, (_, i) => created(incident({ source: src, title: `live ${k}-${i}` }))) })));
    await c.next((f) => f.type === 'event' && f.message_id === live[live.length - 1], from, 20_000);
    const got = c.events(from).map((e) => String(e.message_id));
    expect(new Set(got).size).toBe(got.length);
    expect(got).toHaveLength(1500 + live.length);
    const seqs = got.map((id) => Number(id.slice(id.lastIndexOf('-') + 1)));
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    const complete = c.frames.findIndex((f) => f.type === 'replay_complete');
    expect(complete).toBeGreaterThan(0);
    const replayedBefore = c.frames.slice(from, complete).filter((f) => f.type === 'event').length;
    expect(c.frames[complete]!.replayed).toBe(replayedBefore);
    expect(replayedBefore).toBeGreaterThanOrEqual(1500);
    c.close();
  });
});
