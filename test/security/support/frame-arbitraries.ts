// fast-check arbitraries of hostile client frames: well-formed messages, mutated ones, raw-text damage, binary, bad UTF-8, oversize.
import fc from 'fast-check';
import { EVENT_TYPES, SEVERITIES, STATES } from '../../../src-shared/protocol/index.js';

/** A frame to send, and whether the documented answer is a reply or a close (with its code). */
export type FuzzFrame =
  | { kind: 'text'; data: Buffer; expect: 'reply' }
  | { kind: 'binary'; data: Buffer; expect: 'reply' }
  | { kind: 'text'; data: Buffer; expect: 'close'; code: number };

/** Keys that reach for prototypes when a parser or merger is careless. */
export const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'polluted'] as const;

const hugeNumber = fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 5e-324, Number.MAX_VALUE, 2 ** 64, 1e21);
const leaf = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double(), hugeNumber, fc.boolean(), fc.constant(null));
const anyJson = fc.oneof({ weight: 3, arbitrary: leaf }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) });
const nastyObject = fc.dictionary(fc.constantFrom(...NASTY_KEYS), anyJson, { maxKeys: 3 }).map((d) => {
  // JSON.parse makes "__proto__" an own key; build the same shape here so JSON.stringify writes it.
  const o: Record<string, unknown> = {};
  const own = (k: string, v: unknown) => Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  own('__proto__', { polluted: 'yes', isAdmin: true });
  for (const [k, v] of Object.entries(d)) own(k, v);
  return o;
});

const subId = fc.oneof(fc.constantFrom('a', 'b', 'c', 'd'), fc.string({ maxLength: 8 }), fc.string({ minLength: 125, maxLength: 135 }));
const filters = fc.record({
  event_types: fc.array(fc.constantFrom(...EVENT_TYPES, 'bogus'), { maxLength: 4 }),
  severities: fc.array(fc.constantFrom(...SEVERITIES, 'P9'), { maxLength: 3 }),
  states: fc.array(fc.constantFrom(...STATES), { maxLength: 2 }),
  sources: fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
  labels: fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
  incident_ids: fc.array(fc.oneof(fc.uuid(), fc.string({ maxLength: 5 })), { maxLength: 2 }),
}, { requiredKeys: [] });
const jwtLike = fc.tuple(fc.base64String({ maxLength: 40 }), fc.base64String({ maxLength: 60 }), fc.base64String({ maxLength: 40 }))
  .map((parts) => parts.map((p) => p.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')).join('.'));

/** Messages of the five client types with plausible (sometimes invalid) fields. */
export const wellFormed: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ type: fc.constant('subscribe'), subscription_id: subId, filters: fc.option(filters, { nil: undefined }), resume_after: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }) }, { requiredKeys: ['type', 'subscription_id'] }),
  fc.record({ type: fc.constant('unsubscribe'), subscription_id: subId }),
  fc.record({ type: fc.constant('ping'), timestamp: fc.option(fc.string({ maxLength: 300 }), { nil: undefined }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('ack'), message_id: fc.oneof(fc.string({ maxLength: 40 }), fc.constant('')) }),
  fc.record({ type: fc.constant('auth'), token: fc.oneof(fc.string({ maxLength: 40 }), jwtLike) }),
  fc.record({ type: fc.oneof(fc.constantFrom(...NASTY_KEYS, 'event', 'welcome', 'SUBSCRIBE', ''), fc.string({ maxLength: 12 })) }),
);

/** A well-formed message with one structural mutation: a field replaced, removed, a nasty key added, or the whole wrapped. */
export const mutated: fc.Arbitrary<unknown> = fc.tuple(wellFormed, fc.nat(), anyJson, nastyObject, fc.nat(4)).map(([m, pick, value, nasty, how]) => {
  const keys = Object.keys(m);
  const key = keys[pick % keys.length]!;
  switch (how) {
    case 0: return { ...m, [key]: value };
    case 1: {
      const copy = { ...m };
      delete copy[key];
      return copy;
    }
    case 2: return Object.assign(nasty, m);
    case 3: return { ...m, filters: nasty, [key]: nasty };
    default: return pick % 2 ? [m] : { message: m };
  }
});

const text = (s: string): FuzzFrame => ({ kind: 'text', data: Buffer.from(s, 'utf8'), expect: 'reply' });

/** Damage at the text level: truncation, an inserted character, raw `__proto__` keys, huge numbers, deep nesting. */
/** Deeply nested JSON up to the frame limit: costly for JSON.parse (about 10-20 ms per 60 KB frame), so less frequent. */
const deepNesting: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1, max: 30_000 }).map((d) => `{"type":"subscribe","subscription_id":"deep","filters":{"labels":${'['.repeat(d)}${']'.repeat(d)}}}`),
  fc.integer({ min: 1, max: 10_000 }).map((d) => `{"type":"ping","timestamp":${'{"a":'.repeat(d)}1${'}'.repeat(d)}}`),
  fc.integer({ min: 1, max: 30_000 }).map((d) => '['.repeat(d)),
);

const rawDamage: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(wellFormed, fc.nat()).map(([m, n]) => {
    const s = JSON.stringify(m);
    return s.slice(0, n % Math.max(1, s.length));
  }),
  fc.tuple(wellFormed, fc.nat(), fc.constantFrom('"', '{', '}', ',', ':', '\\', '\u0000', ']', 'x')).map(([m, n, c]) => {
    const s = JSON.stringify(m);
    const at = n % (s.length + 1);
    return s.slice(0, at) + c + s.slice(at);
  }),
  fc.tuple(wellFormed, fc.constantFrom(...NASTY_KEYS)).map(([m, k]) => `{"${k}":{"polluted":"yes","isAdmin":true},${JSON.stringify(m).slice(1)}`),
  fc.constantFrom(
    '{"type":"ack","message_id":1e999999}', '{"type":"ping","timestamp":-1e999}', '{"type":"subscribe","subscription_id":123456789012345678901234567890}',
    '{"type":"ping","timestamp":"\\ud800"}', '{"type":"ping"}{"type":"ping"}', '', ' ', 'null', 'true', '[]', '"ping"', '{}', '{"type":null}',
  ),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

/** Bytes that are not UTF-8, spliced into an otherwise valid message: RFC 6455 section 8.1 says fail the connection (1007). */
const badUtf8 = fc.tuple(wellFormed, fc.constantFrom([0xff], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82])).map(([m, bytes]): FuzzFrame => {
  const s = Buffer.from(JSON.stringify(m));
  return { kind: 'text', data: Buffer.concat([s.subarray(0, 1), Buffer.from(bytes), s.subarray(1)]), expect: 'close', code: 1007 };
});

export function frameArbitrary(maxPayloadBytes: number): fc.Arbitrary<FuzzFrame> {
  const oversized = fc.integer({ min: 1, max: 4096 }).map((extra): FuzzFrame => ({
    kind: 'text', data: Buffer.from(`{"type":"ping","timestamp":"${'x'.repeat(maxPayloadBytes + extra)}"}`), expect: 'close', code: 1009,
  }));
  return fc.oneof(
    { weight: 6, arbitrary: wellFormed.map((m) => text(JSON.stringify(m))) },
    { weight: 6, arbitrary: mutated.map((m) => text(JSON.stringify(m) ?? 'undefined')) },
    { weight: 5, arbitrary: rawDamage.map(text) },
    { weight: 1, arbitrary: deepNesting.map(text) },
    { weight: 2, arbitrary: fc.oneof(fc.uint8Array({ maxLength: 200 }), wellFormed.map((m) => new Uint8Array(Buffer.from(JSON.stringify(m))))).map((b): FuzzFrame => ({ kind: 'binary', data: Buffer.from(b), expect: 'reply' })) },
    { weight: 1, arbitrary: fc.oneof(badUtf8, oversized) },
  );
}
