// Fuzz: over 10,000 generated and mutated frames against a live server; every one answered as PROTOCOL.md section 6 says
// (or closed with the documented code), no crash or unhandled rejection, Object.prototype untouched, and a canary
// session on the same server receives every event published meanwhile, in order.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src-shared/protocol/index.js';
import { system } from '../support/fixtures.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { TestClient, type Frame } from '../support/ws-client.js';
import type WebSocket from 'ws';
import { frameArbitrary, type FuzzFrame } from './support/frame-arbitraries.js';
import { expectedFor } from './support/frame-oracle.js';
import { FuzzLane } from './support/fuzz-lane.js';
import { probe } from './support/http-probe.js';

const MAX_PAYLOAD = 65536;
const SOCKETS = 4;
const FRAMES_PER_RUN = 50;
const RUNS = 210;
const MIN_FRAMES = 10_000;
const JWT_SECRET = 'fuzz-jwt-secret-0123456789-abcdefghijkl';

let h: Harness;
let pool: FuzzLane[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  h = await startServer({
    max_payload_bytes: MAX_PAYLOAD,
    // The fuzz is about parsing and validation, not about being rate limited.
    rate_limit_messages_per_sec: 1_000_000, rate_limit_burst: 1_000_000,
    max_connections_per_sec: 100_000, max_subscriptions_per_session: 100,
    // A fuzzed resume_after is almost always unknown, which replays the whole journal: keep it short.
    broadcast_capacity: 256,
    jwt_algorithm: 'HS256', jwt_secret: JWT_SECRET,
  });
  pool = await Promise.all(Array.from({ length: SOCKETS }, (_, k) => FuzzLane.open(h.wsUrl, k === 0)));
});
afterAll(async () => {
  for (const c of pool) c.close();
  await h?.stop();
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
});

const send = (ws: WebSocket, f: FuzzFrame) => ws.send(f.data, { binary: f.kind === 'binary' });
let sentinelSeq = 0;

/** Sends frames on one socket and checks the answers against the oracle; throws with the evidence when they differ. */
async function exchange(lane: FuzzLane, frames: FuzzFrame[]): Promise<void> {
  const owed = frames.map(expectedFor);
  const replies = owed.reduce((n, e) => n + e.replies, 0);
  lane.take();
  for (const f of frames) send(lane.ws, f);
  await lane.sentinel(`sentinel-${++sentinelSeq}`);
  // In-band auth answers after an async verify: wait for the count, then one more round trip for any extra.
  await lane.waitForAnswers(replies, 10_000);
  await lane.sentinel(`sentinel-${++sentinelSeq}`);
  const got = lane.take();
  const evidence = () => JSON.stringify({ frames: frames.map((f) => f.data.toString('utf8').slice(0, 200)), got: got.map((g) => ({ ...g, message: String(g.message ?? '').slice(0, 120) })) }).slice(0, 4000);
  if (lane.closeCode !== undefined) throw new Error(`socket closed with ${lane.closeCode}: ${evidence()}`);
  if (got.length !== replies) throw new Error(`expected ${replies} answers, got ${got.length}: ${evidence()}`);
  const errors = got.filter((g) => g.type === 'error');
  if (errors.length < owed.filter((e) => e.mustBeError).length) throw new Error(`invalid frames not all answered with error: ${evidence()}`);
  if (got.filter((g) => g.type === 'pong').length !== owed.filter((e) => e.isPing).length) throw new Error(`pong count differs: ${evidence()}`);
  const bad = errors.filter((e) => !(ERROR_CODES as readonly string[]).includes(String(e.code)) || e.code === 'internal_error');
  if (bad.length) throw new Error(`error codes outside section 6 or internal errors: ${JSON.stringify(bad).slice(0, 2000)}`);
}

/** A frame documented to close the connection, on a fresh socket: the close code must be the documented one. */
async function expectClose(frame: FuzzFrame & { expect: 'close' }): Promise<void> {
  const c = await TestClient.connect(h.wsUrl);
  try {
    send(c.ws, frame);
    const code = await c.waitClose(10_000);
    if (code !== frame.code) throw new Error(`expected close ${frame.code}, got ${code} for ${frame.data.subarray(0, 80).toString('hex')}`);
  } finally {
    c.close();
  }
}

const prototypeShape = () => [Object, Array, Function, String].map((C) => Object.getOwnPropertyNames(C.prototype).sort().join(',')).join('|');

describe('fuzzing the WebSocket endpoint', () => {
  it(`answers ≥ ${MIN_FRAMES} hostile frames as documented while a canary receives every event in order`, { timeout: 300_000 }, async () => {
    const shapeBefore = prototypeShape();
    const canary = await TestClient.connect(h.wsUrl);
    await canary.subscribe('canary', {});
    const published: string[] = [];
    let fuzzing = true;
    const publisher = (async () => {
      for (let i = 0; fuzzing; i++) {
        const [entry] = await h.server.publish([system(`canary ${i}`)]);
        published.push(entry!.messageId);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();

    let sent = 0;
    let closes = 0;
    try {
      await fc.assert(fc.asyncProperty(fc.array(frameArbitrary(MAX_PAYLOAD), { minLength: FRAMES_PER_RUN, maxLength: FRAMES_PER_RUN }), async (frames) => {
        const answered = frames.filter((f) => f.expect === 'reply');
        const closing = frames.filter((f): f is FuzzFrame & { expect: 'close' } => f.expect === 'close');
        const lanes = pool.map((c, k) => exchange(c, answered.filter((_, i) => i % SOCKETS === k)));
        await Promise.all([...lanes, ...closing.map(expectClose)]);
        sent += frames.length;
        closes += closing.length;
      }), { numRuns: RUNS, endOnFailure: true });
    } finally {
      fuzzing = false;
      await publisher;
    }

    expect(sent).toBeGreaterThanOrEqual(MIN_FRAMES);
    expect(closes).toBeGreaterThan(0);
    expect(unhandled).toEqual([]);
    expect(prototypeShape()).toBe(shapeBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();

    const last = published[published.length - 1]!;
    await canary.next((f) => f.type === 'event' && f.message_id === last, 0, 10_000);
    const received = canary.events().map((f: Frame) => f.message_id);
    expect(received).toEqual(published);
    canary.close();

    expect((await probe({ port: Number(new URL(h.url).port), path: '/health' })).status).toBe(200);
    const fresh = await TestClient.connect(h.wsUrl);
    expect((await fresh.request({ type: 'ping', timestamp: 'after-fuzz' }, 'pong')).timestamp).toBe('after-fuzz');
    fresh.close();
  });
});
