// The publish fast path agrees with zod: whatever it vouches for, IncidentEventSchema accepts and returns equal (key order included).
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWellFormedEvent } from '../../src-main/server/publish/event-fast-path.js';
import { EVENT_TYPES, IncidentEventSchema, type IncidentEvent } from '../../src-shared/protocol/index.js';
import { alert, created, incident, system } from '../support/fixtures.js';
import { startServer, TEST_TOKEN, type Harness } from '../support/server-harness.js';

const at = '2026-12-04T10:00:00.123Z';
const id = () => randomUUID();

/** A full incident: every optional field present (the Rust shape), in schema order. */
const fullIncident = () => incident({
  related_incidents: [id()], active_playbook: id(),
  resolution: { resolved_at: at, resolved_by: 'ana', resolution_method: 'Manual', root_cause: 'disk', notes: 'swapped' },
  timeline: [{ timestamp: at, event_type: 'Created', actor: 'ana', description: 'opened', metadata: { k: 'v' } }],
  notes: [{ id: id(), author: 'ana', content: 'note', created_at: at }], fingerprint: 'fp', correlation_score: 0.5,
});

/** One well-formed event of each of the fourteen types, as JSON (what a POST body holds). */
function corpus(): unknown[] {
  const events: IncidentEvent[] = [
    created(incident()), created(fullIncident()),
    { event_type: 'incident_updated', incident: incident({ state: 'Triaged' }), previous_state: 'Detected' },
    { event_type: 'incident_resolved', incident: incident({ state: 'Resolved' }) },
    { event_type: 'incident_closed', incident: incident({ state: 'Closed' }) },
    { event_type: 'alert_received', alert: alert({ runbook_url: 'https://x', incident_id: null, deduplicated: false, parent_alert_id: null }) },
    { event_type: 'alert_converted', alert: alert(), incident_id: id() },
    { event_type: 'escalated', incident_id: id(), from_severity: 'P2', to_severity: 'P0', reason: 'spreading' },
    { event_type: 'playbook_started', incident_id: id(), playbook_id: id(), playbook_name: 'restart' },
    { event_type: 'playbook_action_executed', incident_id: id(), playbook_id: id(), action_name: 'kick', success: true, message: 'ok' },
    { event_type: 'playbook_completed', incident_id: id(), playbook_id: id(), success: false, actions_executed: 3 },
    { event_type: 'notification_sent', incident_id: id(), channel: 'sms', success: true },
    { event_type: 'assignment_changed', incident_id: id(), assignees: ['ana', 'bo'] },
    { event_type: 'comment_added', incident_id: id(), author: 'ana', comment: 'looking', timestamp: at },
    system('hello'),
    { event_type: 'system_event', category: 'x', message: 'm', metadata: { a: '1' }, extra_field: { kept: true } } as IncidentEvent,
  ];
  return events.map((e) => JSON.parse(JSON.stringify(e)) as unknown);
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Mutation = { kind: 'delete' } | { kind: 'set'; value: unknown } | { kind: 'reorder' } | { kind: 'unknown-first' } | { kind: 'proto' };

/** Values that sit on the edges of the schema's rules. */
const EDGE_VALUES: unknown[] = [
  null, undefined, '', 'x'.repeat(500), 'x'.repeat(501), 0, -1, 1.5, 2 ** 53, Number.NaN, true, [], {}, [1], ['a', 2], { a: 1 },
  'P9', 'p0', 'Detected', 'Resolved', 'Application', 'Created', 'Manual',
  '2026-12-04T10:00:00Z', '2026-12-04t10:00:00+00:00', '2026-13-45T10:00:00Z', '2026-12-04T10:00:00+01:00', '2026-02-30T10:00:00Z',
  '123e4567-e89b-12d3-a456-426614174000', '123e4567-e89b-12d3-a456-42661417400', 'system_event', 'incident_created',
];

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: 'delete' }),
  fc.constantFrom(...EDGE_VALUES).map((value): Mutation => ({ kind: 'set', value })),
  fc.jsonValue().map((value): Mutation => ({ kind: 'set', value })),
  fc.constant<Mutation>({ kind: 'reorder' }),
  fc.constant<Mutation>({ kind: 'unknown-first' }),
  fc.constant<Mutation>({ kind: 'proto' }),
);

/** Walks `steps` into `root` (each step picks a key or index modulo the count) and applies the mutation there. */
function mutate(root: Json, steps: number[], m: Mutation): unknown {
  let parent: Json = root;
  for (const step of steps) {
    const keys = parent !== null && typeof parent === 'object' ? Object.keys(parent) : [];
    if (keys.length === 0) break;
    const key = keys[step % keys.length]!;
    const child: Json = (parent as Record<string, Json>)[key]!;
    if (child === null || typeof child !== 'object' || steps.indexOf(step) === steps.length - 1) {
      const target = parent as Record<string, unknown>;
      if (m.kind === 'delete') delete target[key];
      else if (m.kind === 'set') target[key] = m.value;
      else if (child !== null && typeof child === 'object') return mutateObject(root, child, m);
      return root;
    }
    parent = child;
  }
  return parent !== null && typeof parent === 'object' ? mutateObject(root, parent, m) : root;
}

function mutateObject(root: Json, target: Json[] | { [k: string]: Json }, m: Mutation): unknown {
  const t = target as Record<string, unknown>;
  const entries = Object.entries(t);
  if (m.kind === 'reorder' || m.kind === 'unknown-first') {
    for (const [k] of entries) delete t[k];
    if (m.kind === 'unknown-first') t.zz_unknown = 1;
    for (const [k, v] of m.kind === 'reorder' ? entries.reverse() : entries) t[k] = v;
    return root;
  }
  if (m.kind === 'proto') return JSON.parse(JSON.stringify(root).replace(/\{/, '{"__proto__":"x",')) as unknown;
  return root;
}

/** The property: fast path true ⇒ zod accepts and returns the same value, byte for byte once serialized. */
function agrees(x: unknown): void {
  if (!isWellFormedEvent(x)) return;
  const r = IncidentEventSchema.safeParse(x);
  expect(r.success, `fast path accepted what zod refuses: ${JSON.stringify(x)?.slice(0, 300)}`).toBe(true);
  expect(JSON.stringify(r.data)).toBe(JSON.stringify(x));
  expect(r.data).toStrictEqual(x);
}

describe('isWellFormedEvent', () => {
  it('vouches for a well-formed event of every type (so the fast path is taken), and zod agrees', () => {
    const events = corpus();
    expect(new Set(events.map((e) => (e as { event_type: string }).event_type))).toEqual(new Set(EVENT_TYPES));
    for (const e of events) {
      expect(isWellFormedEvent(e), JSON.stringify(e).slice(0, 200)).toBe(true);
      agrees(e);
    }
  });

  it('never vouches for a JSON body event zod refuses or would return changed, over 5,000 random mutations', () => {
    const events = corpus();
    let vouched = 0;
    let refusedByZod = 0;
    fc.assert(fc.property(fc.nat(events.length - 1), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), mutationArb, (k, steps, m) => {
      // What a POST body can hold: the mutated event as JSON text, parsed again (the fast path's contract).
      const x = JSON.parse(JSON.stringify(mutate(JSON.parse(JSON.stringify(events[k])) as Json, steps, m))) as unknown;
      if (isWellFormedEvent(x)) vouched++;
      if (!IncidentEventSchema.safeParse(x).success) refusedByZod++;
      agrees(x);
    }), { numRuns: 5000, seed: 22 });
    // Both sides of the property were exercised: mutations the fast path took, and ones zod refused.
    expect(vouched).toBeGreaterThan(100);
    expect(refusedByZod).toBeGreaterThan(100);
  });

  it('leaves to zod what zod would change: keys out of schema order, an unknown key first, a __proto__ key', () => {
    const e = { category: 'c', event_type: 'system_event', message: 'm', metadata: {} };
    expect(isWellFormedEvent(e)).toBe(false);
    expect(JSON.stringify(IncidentEventSchema.parse(e))).not.toBe(JSON.stringify(e));
    expect(isWellFormedEvent({ x: 1, event_type: 'system_event', category: 'c', message: 'm', metadata: {} })).toBe(false);
    const proto = JSON.parse('{"event_type":"system_event","category":"c","message":"m","metadata":{"__proto__":"x"}}') as unknown;
    expect(isWellFormedEvent(proto)).toBe(false);
    expect(JSON.stringify(IncidentEventSchema.parse(proto))).not.toBe(JSON.stringify(proto));
  });
});

describe('POST /v1/events with the fast path', () => {
  let h: Harness;
  beforeAll(async () => { h = await startServer({}); });
  afterAll(async () => { await h.stop(); });

  const post = (body: unknown) => fetch(`${h.url}/v1/events`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TEST_TOKEN}` }, body: JSON.stringify(body),
  });

  it('refuses a 1,000-event batch whose last event is bad with zod\'s message, and publishes none of it', async () => {
    const before = h.server.eventStats().total_events;
    const events: unknown[] = Array.from({ length: 999 }, (_, k) => system(`ok ${k}`));
    events.push({ event_type: 'system_event', category: 'c', message: 'm', metadata: { n: 1 } });
    const res = await post({ events });
    expect(res.status).toBe(400);
    const body = await res.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_message');
    expect(body.error.message).toMatch(/^events\.999\.metadata\.n: /);
    expect(h.server.eventStats().total_events).toBe(before);
  });

  it('publishes a well-formed batch and stores each event as it was sent, unknown fields included', async () => {
    const events = corpus();
    const res = await post({ events });
    expect(res.status).toBe(202);
    const ids = (await res.json() as { message_ids: string[] }).message_ids;
    expect(ids).toHaveLength(events.length);
    const stored = h.server.journal.readAfter(h.server.journal.lastSeq() - events.length, events.length);
    expect(stored.map((e) => e.messageId)).toEqual(ids);
    expect(stored.at(-1)!.eventJson).toBe(JSON.stringify(events.at(-1)));
  });
});
