// The benchmark's events are valid protocol events, and their send stamp is read back from raw frames.
import { describe, expect, it } from 'vitest';
import { IncidentEventSchema } from '../../src-shared/protocol/index.js';
import { incidentEvent, readSentAt, systemEvent } from './bench-events.js';

const frameOf = (event: unknown): Buffer =>
  Buffer.from(JSON.stringify({ type: 'event', message_id: 'e-1', timestamp: new Date().toISOString(), event, subscription_ids: ['s'] }));

describe('benchmark events', () => {
  it('are valid incident events whose event frame exceeds the 1 KiB compression threshold', () => {
    const e = incidentEvent(7, 1_700_000_000_123.456);
    expect(IncidentEventSchema.safeParse(e).success).toBe(true);
    expect(IncidentEventSchema.safeParse(systemEvent(3, 1)).success).toBe(true);
    expect(frameOf(e).length).toBeGreaterThan(1024);
  });

  it('carry a send stamp that readSentAt finds in the serialized frame', () => {
    expect(readSentAt(frameOf(incidentEvent(1, 1_700_000_000_123.456)))).toBeCloseTo(1_700_000_000_123.456, 3);
    expect(readSentAt(frameOf(systemEvent(1, 42.5)))).toBe(42.5);
  });

  it('readSentAt answers undefined for frames without a stamp', () => {
    expect(readSentAt(Buffer.from('{"type":"subscribed","subscription_id":"s","filters":{}}'))).toBeUndefined();
    expect(readSentAt(Buffer.from('{"labels":{"bench_sent_at":"12'))).toBeUndefined();
  });
});
