// Model-based test (fc.commands): subscribe/unsubscribe/ack/publish/disconnect/resume sequences against a reference model:
// no event for a subscription after its acknowledged unsubscribe, none missing while it exists, replay from the last ack.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Severity } from '../../src-shared/protocol/index.js';
import { created, incident } from '../support/fixtures.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { TestClient, type Frame } from '../support/ws-client.js';

type Filter = Severity | null;
interface Model {
  connected: boolean;
  subs: Map<string, Filter>;
  published: { id: string; severity: Severity }[];
  /** Last event id the client received (and could ack). */
  lastReceived: string | undefined;
  lastAcked: string | undefined;
}
interface Real {
  client: TestClient | null;
  /** Frames before this index are accounted for. */
  cursor: number;
}

let h: Harness;
beforeAll(async () => {
  h = await startServer({});
});
afterAll(async () => h?.stop());

const matching = (m: Model, severity: Severity) => [...m.subs].filter(([, f]) => f === null || f === severity).map(([id]) => id).sort();
const ids = (f: Frame) => [...(f.subscription_ids as string[])].sort();

let syncSeq = 0;
/** Round trip: every frame the server wrote before this point has arrived. */
async function sync(c: TestClient): Promise<void> {
  const ts = `sync-${++syncSeq}`;
  await c.request({ type: 'ping', timestamp: ts }, 'pong');
}

/** The event frames after the cursor (nothing else may be unaccounted for), advancing it. */
function takeEvents(r: Real): Frame[] {
  const fresh = r.client!.frames.slice(r.cursor);
  r.cursor = r.client!.frames.length;
  return fresh.filter((f) => f.type === 'event');
}

class Connect implements fc.AsyncCommand<Model, Real> {
  check = (m: Readonly<Model>) => !m.connected;
  async run(m: Model, r: Real): Promise<void> {
    r.client = await TestClient.connect(h.wsUrl);
    r.cursor = r.client.frames.length;
    m.connected = true;
    m.subs.clear();
  }
  toString = () => 'connect';
}

class Disconnect implements fc.AsyncCommand<Model, Real> {
  check = (m: Readonly<Model>) => m.connected;
  async run(m: Model, r: Real): Promise<void> {
    r.client!.close();
    r.client = null;
    m.connected = false;
    m.subs.clear();
  }
  toString = () => 'disconnect';
}

class Subscribe implements fc.AsyncCommand<Model, Real> {
  constructor(readonly id: string, readonly filter: Filter, readonly resume: boolean) {}
  check = (m: Readonly<Model>) => m.connected;
  async run(m: Model, r: Real): Promise<void> {
    const c = r.client!;
    const resumeAfter = this.resume ? m.lastAcked : undefined;
    await c.subscribe(this.id, this.filter ? { severities: [this.filter] } : {}, resumeAfter ? { resume_after: resumeAfter } : {});
    m.subs.set(this.id, this.filter);
    if (resumeAfter) {
      const done = await c.next((f) => f.type === 'replay_complete' && f.subscription_id === this.id, r.cursor);
      const after = m.published.slice(m.published.findIndex((p) => p.id === resumeAfter) + 1);
      const expected = after.filter((p) => this.filter === null || p.severity === this.filter);
      const replayed = takeEvents(r);
      expect(done).toMatchObject({ replayed: expected.length, gap: false });
      expect(replayed.map((f) => f.message_id)).toEqual(expected.map((p) => p.id));
      for (const f of replayed) expect(ids(f)).toEqual(matching(m, m.published.find((p) => p.id === f.message_id)!.severity));
      if (replayed.length) m.lastReceived = String(replayed[replayed.length - 1]!.message_id);
    } else {
      await sync(c);
      expect(takeEvents(r)).toEqual([]);
    }
  }
  toString = () => `subscribe(${this.id}, ${this.filter ?? 'all'}${this.resume ? ', resume' : ''})`;
}

class Unsubscribe implements fc.AsyncCommand<Model, Real> {
  constructor(readonly id: string) {}
  check = (m: Readonly<Model>) => m.connected;
  async run(m: Model, r: Real): Promise<void> {
    const reply = await r.client!.request({ type: 'unsubscribe', subscription_id: this.id }, 'unsubscribed');
    if (m.subs.has(this.id)) expect(reply).toMatchObject({ type: 'unsubscribed', subscription_id: this.id });
    else expect(reply).toMatchObject({ type: 'error', code: 'unknown_subscription', ref: this.id });
    m.subs.delete(this.id);
  }
  toString = () => `unsubscribe(${this.id})`;
}

class Publish implements fc.AsyncCommand<Model, Real> {
  constructor(readonly severity: Severity) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const [entry] = await h.server.publish([created(incident({ severity: this.severity }))]);
    m.published.push({ id: entry!.messageId, severity: this.severity });
    if (!m.connected) return;
    await sync(r.client!);
    const got = takeEvents(r);
    const want = matching(m, this.severity);
    if (want.length === 0) {
      expect(got, 'an event reached a session with no matching subscription').toEqual([]);
      return;
    }
    expect(got.map((f) => f.message_id), 'the matching event is missing or repeated').toEqual([entry!.messageId]);
    expect(ids(got[0]!)).toEqual(want);
    m.lastReceived = entry!.messageId;
  }
  toString = () => `publish(${this.severity})`;
}

class Ack implements fc.AsyncCommand<Model, Real> {
  check = (m: Readonly<Model>) => m.connected && m.lastReceived !== undefined;
  async run(m: Model, r: Real): Promise<void> {
    r.client!.send({ type: 'ack', message_id: m.lastReceived });
    await sync(r.client!);
    expect(takeEvents(r)).toEqual([]);
    m.lastAcked = m.lastReceived;
  }
  toString = () => 'ack(last received)';
}

const subId = fc.constantFrom('a', 'b', 'c');
const filter = fc.constantFrom<Filter>(null, 'P0', 'P2');
const subscribe = fc.tuple(subId, filter, fc.boolean()).map(([id, f, resume]) => new Subscribe(id, f, resume));
const publish = fc.constantFrom<Severity>('P0', 'P2', 'P3').map((s) => new Publish(s));
const ack = fc.constant(new Ack());
/** Listed twice or three times to be drawn more often than connect/disconnect. */
const commands = [
  fc.constant(new Connect()), fc.constant(new Disconnect()),
  subscribe, subscribe, subId.map((id) => new Unsubscribe(id)),
  publish, publish, publish, ack, ack,
];

describe('subscriptions against a reference model', () => {
  it('subscribe, unsubscribe, ack, publish, disconnect and resume agree with the model', { timeout: 240_000 }, async () => {
    await fc.assert(fc.asyncProperty(fc.commands(commands, { maxCommands: 60, size: 'max' }), async (cmds) => {
      const model: Model = { connected: false, subs: new Map(), published: [], lastReceived: undefined, lastAcked: undefined };
      const real: Real = { client: null, cursor: 0 };
      try {
        await fc.asyncModelRun(() => ({ model, real }), cmds);
      } finally {
        real.client?.close();
      }
    }), { numRuns: 100 });
  });
});
