// The relay's origin index listens to published events only while it has an upstream: no per-event work otherwise.
import { afterEach, describe, expect, it } from 'vitest';
import { startUpstreamRelays } from '../../src-main/relay/index.js';
import type { CoreServer } from '../../src-main/server/server.js';
import { startServer, type Harness } from '../support/server-harness.js';
import { FAST_TIMINGS } from './relay-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** The server, with its `onEvent` listeners counted. */
function counting(server: CoreServer): { server: CoreServer; active: () => number } {
  let active = 0;
  const counted = Object.create(server) as CoreServer;
  counted.onEvent = (listener) => {
    active += 1;
    const stop = server.onEvent(listener);
    return () => {
      active -= 1;
      stop();
    };
  };
  return { server: counted, active: () => active };
}

describe('relay origin indexing', () => {
  it('starts with the first upstream and stops with the last', async () => {
    h = await startServer();
    const { server, active } = counting(h.server);
    const relay = startUpstreamRelays(server, [], server.logger, { timings: FAST_TIMINGS });
    expect(active()).toBe(0);
    relay.addUpstream({ name: 'one', url: 'ws://127.0.0.1:9/ws' });
    relay.addUpstream({ name: 'two', url: 'ws://127.0.0.1:9/ws' });
    expect(active()).toBe(1);
    await relay.removeUpstream('one');
    expect(active()).toBe(1);
    await relay.removeUpstream('two');
    expect(active()).toBe(0);
    relay.addUpstream({ name: 'three', url: 'ws://127.0.0.1:9/ws' });
    expect(active()).toBe(1);
    await relay.stop();
    expect(active()).toBe(0);
  });
});
