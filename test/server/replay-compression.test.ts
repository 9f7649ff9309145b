// Replayed frames decode the same with and without permessage-deflate (ws and Chromium), sessions resuming from the
// same point share frames (each event is deflated once, not once per session), and `replay_compression` decides
// whether replayed events are deflated: by default not for a loopback client, whose inflate would be most of the replay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageInflater, openRawSocket } from '../bench/raw-ws-client.js';
import { deflatesReplay, isLoopbackAddress } from '../../src-main/server/transport/replay-compression.js';
import { TestClient, type Frame } from '../support/ws-client.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { comment, created, incident } from '../support/fixtures.js';
import { launchBrowser } from '../e2e/support/browser.js';

let h: Harness;
let source = '';
let ids: string[] = [];
beforeAll(async () => {
  h = await startServer({ broadcast_capacity: 10_000, replay_compression: 'always' });
  source = `deflate-${Date.now()}`;
  const target = incident({ source, title: 'compressible incident', description: 'compressible '.repeat(40) });
  const events = [created(target), ...Array.from({ length: 299 }, (_, i) => (i % 3 === 0
    ? comment(target.id, `short ${i}`)
    : created(incident({ source, title: `event ${i} ${'ünïcødé ✓ '.repeat(i % 7)}`, description: 'd'.repeat(i * 7) }))))];
  const r = await h.publish({ events });
  expect(r.status, JSON.stringify(r.json)).toBe(202);
  ids = (r.json as { message_ids: string[] }).message_ids;
});
afterAll(async () => {
  await h.stop();
});

/**
 * The frames by message id, without `out_of_order`: under backpressure the priority lanes may write a replayed event
 * ahead of older low-priority ones (flagged), and how much backs up differs between runs.
 */
function byId(frames: readonly Frame[]): Frame[] {
  return frames.map(({ out_of_order: _flag, ...rest }) => rest as Frame).sort((a, b) => String(a.message_id).localeCompare(String(b.message_id)));
}

/** Resumes from the first event with a `ws` client; the replayed event frames, parsed, and the negotiated extensions. */
async function replayWithWs(perMessageDeflate: boolean): Promise<{ events: Frame[]; extensions: string }> {
  const c = await TestClient.connect(h.wsUrl, { perMessageDeflate });
  await c.subscribe('r', {}, { resume_after: ids[0] });
  await c.next((f) => f.type === 'replay_complete', 0, 30_000);
  const result = { events: c.events(), extensions: c.ws.extensions };
  c.close();
  return result;
}

describe('replayed frames and compression', () => {
  it('decode identically with and without permessage-deflate in a ws client', async () => {
    const plain = await replayWithWs(false);
    const deflated = await replayWithWs(true);
    expect(plain.extensions).toBe('');
    expect(deflated.extensions).toMatch(/permessage-deflate/);
    expect(byId(plain.events).map((e) => e.message_id)).toEqual([...ids.slice(1)].sort((a, b) => a.localeCompare(b)));
    expect(byId(deflated.events)).toEqual(byId(plain.events));
  });

  it('deflates each replayed event once for sessions resuming from the same point', async () => {
    await replayWithWs(true);
    const before = { hits: h.server.hub.frames.hits, misses: h.server.hub.frames.misses };
    for (let k = 0; k < 3; k++) await replayWithWs(true);
    expect(h.server.hub.frames.misses).toBe(before.misses);
    expect(h.server.hub.frames.hits - before.hits).toBe(3 * (ids.length - 1));
  });

  it('decode identically in Chromium (which always offers permessage-deflate)', async () => {
    const plain = await replayWithWs(false);
    const browser = await launchBrowser();
    try {
      await browser.page.goto(`${h.url}/health`);
      const got = await browser.page.evaluate(async ({ url, from }) => new Promise<{ frames: string[]; extensions: string }>((resolve, reject) => {
        const ws = new WebSocket(url);
        const frames: string[] = [];
        ws.onerror = () => reject(new Error('WebSocket error'));
        ws.onmessage = (m: MessageEvent<string>) => {
          const f = JSON.parse(m.data) as { type: string };
          if (f.type === 'welcome') ws.send(JSON.stringify({ type: 'subscribe', subscription_id: 'r', filters: {}, resume_after: from }));
          if (f.type === 'event') frames.push(m.data);
          if (f.type === 'replay_complete') {
            resolve({ frames, extensions: ws.extensions });
            ws.close();
          }
        };
      }), { url: h.wsUrl, from: ids[0]! });
      expect(got.extensions).toMatch(/permessage-deflate/);
      expect(byId(got.frames.map((t) => JSON.parse(t) as Frame))).toEqual(byId(plain.events));
    } finally {
      await browser.close();
    }
  }, 90_000);
});

interface RawReplay {
  /** `compressed` (the RSV1 bit) of each replayed event message, in arrival order. */
  replayed: boolean[];
  /** The same for the live event published after `replay_complete`. */
  live: boolean;
}

/** Resumes from `from` over a raw socket that offers deflate, then publishes one live event; reports each frame's RSV1. */
async function rawReplay(server: Harness, from: string, live: () => Promise<unknown>): Promise<RawReplay> {
  const inflater = new MessageInflater();
  const replayed: boolean[] = [];
  return new Promise<RawReplay>((resolve, reject) => {
    let phase: 'replay' | 'live' = 'replay';
    const sock = openRawSocket(new URL(server.wsUrl), {
      onOpen: (deflate) => {
        if (!deflate) reject(new Error('permessage-deflate was not negotiated'));
      },
      onMessage: (data, compressed) => {
        const f = JSON.parse((compressed ? inflater.inflate(data) : data).toString()) as Frame;
        if (f.type === 'welcome') sock.send(JSON.stringify({ type: 'subscribe', subscription_id: 'r', filters: {}, resume_after: from }));
        if (f.type === 'event' && phase === 'replay') replayed.push(compressed);
        if (f.type === 'replay_complete') {
          phase = 'live';
          live().catch(reject);
        }
        if (f.type === 'event' && phase === 'live' && (f.event as { event_type?: string } | undefined)?.event_type === 'incident_created') {
          sock.terminate();
          resolve({ replayed, live: compressed });
        }
      },
      onClose: () => undefined,
      onError: reject,
    }, true);
  });
}

const liveIncident = (server: Harness): Promise<unknown> =>
  server.publish(created(incident({ source: `live-${Date.now()}`, title: 'published after the replay', description: 'live '.repeat(60) })));

describe('replay_compression', () => {
  it('decides by the setting and, for auto, by whether the peer is on loopback', () => {
    expect(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'].map(isLoopbackAddress)).toEqual([true, true, true, true]);
    expect(['10.0.0.7', '::ffff:192.168.1.2', '2001:db8::1', '128.0.0.1', undefined].map(isLoopbackAddress)).toEqual([false, false, false, false, false]);
    expect(deflatesReplay('auto', '127.0.0.1')).toBe(false);
    expect(deflatesReplay('auto', '10.0.0.7')).toBe(true);
    expect(deflatesReplay('always', '127.0.0.1')).toBe(true);
    expect(deflatesReplay('never', '10.0.0.7')).toBe(false);
  });

  it('sends replayed events plain to a loopback client by default, and live events still deflated', async () => {
    const plainReplay = await startServer({ broadcast_capacity: 10_000 });
    try {
      const r = await plainReplay.publish({ events: Array.from({ length: 20 }, (_, i) => created(incident({ source: `auto-${i}`, title: `replayed ${i}`, description: 'x'.repeat(400) }))) });
      const first = (r.json as { message_ids: string[] }).message_ids[0]!;
      const got = await rawReplay(plainReplay, first, () => liveIncident(plainReplay));
      expect(got.replayed).toEqual(Array.from({ length: 19 }, () => false));
      expect(got.live).toBe(true);
    } finally {
      await plainReplay.stop();
    }
  });

  it('deflates replayed events with replay_compression: always', async () => {
    const got = await rawReplay(h, ids[0]!, () => liveIncident(h));
    expect(got.replayed.length).toBeGreaterThanOrEqual(ids.length - 1);
    // Payloads under 128 bytes are never deflated; every replayed event here is larger.
    expect(got.replayed.filter((c) => !c)).toEqual([]);
    expect(got.live).toBe(true);
  });
});
