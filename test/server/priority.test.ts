// Backlogged sessions get higher priorities first; within one priority, publish order is kept.
import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/ws-client.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { comment, created, incident } from '../support/fixtures.js';

let h: Harness;
beforeAll(async () => {
  h = await startServer({ max_pending_messages: 100_000 });
});
afterAll(async () => {
  await h.stop();
});

describe('priority under backlog', () => {
  it('writes a P0 incident_created ahead of queued low-priority comments, flagged out_of_order', async () => {
    const c = await TestClient.connect(h.wsUrl, { perMessageDeflate: false });
    await c.subscribe('all');
    const target = incident({ severity: 'P3' });
    await h.publish(created(target));
    const raw = (c.ws as unknown as { _socket: Socket })._socket;
    raw.pause();
    const filler = randomBytes(15_000).toString('base64');
    // Fill kernel and socket buffers, then keep queueing low-priority comments in the server.
    for (let k = 0; k < 300; k++) {
      await h.publish({ events: Array.from({ length: 10 }, (_, i) => comment(target.id, `${k}-${i} ${filler}`)) });
      const s = [...h.server.hub.sessions][0]!;
      if (s.pending > 50) break;
    }
    const session = [...h.server.hub.sessions][0]!;
    expect(session.pending).toBeGreaterThan(50);
    const p0 = incident({ severity: 'P0', title: 'the P0' });
    await h.publish(created(p0));
    const lastComment = `last ${Date.now()}`;
    await h.publish(comment(target.id, lastComment));
    raw.resume();
    await c.next((f) => f.type === 'event' && (f.event as { comment?: string }).comment === lastComment, 0, 60_000);
    const order = c.events().map((e) => (e.event as { event_type: string }).event_type);
    const p0Index = c.events().findIndex((e) => (e.event as { incident?: { title: string } }).incident?.title === 'the P0');
    const lastCommentIndex = order.length - 1;
    expect(p0Index).toBeGreaterThan(0);
    expect(p0Index).toBeLessThan(lastCommentIndex - 40);
    // PROTOCOL 1.1 §5: the P0 overtook older queued events, so it is flagged; the comments kept their order and are not.
    expect(c.events()[p0Index]!.out_of_order).toBe(true);
    expect(c.events().filter((e) => e.out_of_order !== undefined)).toHaveLength(1);
    const comments = c.events().filter((e) => (e.event as { event_type: string }).event_type === 'comment_added').map((e) => String(e.message_id));
    const seqs = comments.map((id) => Number(id.slice(id.lastIndexOf('-') + 1)));
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    c.close();
  });
});
