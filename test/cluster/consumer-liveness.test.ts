// The rule that declares a stream consumer's server gone: silence while connected, with a fake clock.
import type { ConsumerNotification } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { ConsumerLiveness, isSignOfLife } from '../../src-main/cluster/consumer-liveness.js';

function clock(): { now: () => number; advance(ms: number): void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => { t += ms; } };
}

describe('consumer liveness', () => {
  it('declares the server silent only once the limit passed without a sign of life', () => {
    const c = clock();
    const l = new ConsumerLiveness(6000, c.now);
    c.advance(5999);
    expect(l.isSilent(true)).toBe(false);
    c.advance(1);
    expect(l.isSilent(true)).toBe(true);
    expect(l.silentFor()).toBe(6000);
  });

  it('starts the wait again on every sign of life', () => {
    const c = clock();
    const l = new ConsumerLiveness(6000, c.now);
    for (let k = 0; k < 10; k++) {
      c.advance(4000);
      l.heard();
      expect(l.isSilent(true)).toBe(false);
    }
    c.advance(6000);
    expect(l.isSilent(true)).toBe(true);
  });

  it('does not count time spent disconnected: after a reconnect the server gets the whole limit', () => {
    const c = clock();
    const l = new ConsumerLiveness(6000, c.now);
    c.advance(30_000);
    expect(l.isSilent(false)).toBe(false);
    c.advance(5000);
    expect(l.isSilent(true)).toBe(false);
    c.advance(1000);
    expect(l.isSilent(true)).toBe(true);
  });

  it('takes heartbeats and pull answers as signs of life, and the client\'s own notices not', () => {
    const notices: [ConsumerNotification, boolean][] = [
      [{ type: 'heartbeat', lastConsumerSequence: 1, lastStreamSequence: 1 }, true],
      [{ type: 'debug', code: 408, description: 'request timeout' }, true],
      [{ type: 'discard', messagesLeft: 10, bytesLeft: 0 }, true],
      [{ type: 'ordered_consumer_recreated', name: 'oc_2' }, true],
      [{ type: 'heartbeats_missed', count: 2 }, false],
      [{ type: 'next', options: { batch: 1, expires: 4000, no_wait: false, max_bytes: 0, idle_heartbeat: 2000 } }, false],
      [{ type: 'reset', name: 'oc_1' }, false],
      [{ type: 'no_responders', code: 503 }, false],
      [{ type: 'consumer_not_found', name: 'oc_1', stream: 'S', count: 1 }, false],
    ];
    expect(notices.map(([n]) => isSignOfLife(n))).toEqual(notices.map(([, alive]) => alive));
  });
});
