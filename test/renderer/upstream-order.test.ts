// An upstream answer and a push can arrive in either order: the store keeps whichever the server took later.
import { describe, expect, it } from 'vitest';
import type { Bridge, Upstream } from '../../src-shared/bridge/index.js';
import { createUpstreamsStore } from '../../src-renderer/stores/upstreams-store.js';

function upstream(state: Upstream['state'], revision: number | undefined, id = 'remote-b'): Upstream {
  return {
    id, name: id, url: 'ws://127.0.0.1:1/ws', enabled: true, hasToken: false,
    filters: { event_types: [], severities: [], states: [], sources: [], affected_resources: [], labels: {}, incident_ids: [] },
    state, lastError: null, nextRetryAt: null, replaySupported: null, connectedSince: null, lastMessageId: null, eventsReceived: 0,
    ...(revision !== undefined ? { revision } : {}),
  };
}

/** A bridge whose `upstreams:add` answers only when the test says so. */
function heldBridge(answer: Upstream) {
  let release!: () => void;
  const released = new Promise<void>((r) => { release = r; });
  const bridge = {
    upstreams: {
      add: async () => { await released; return answer; },
      list: async () => ({ upstreams: [], revision: 0 }),
    },
  } as unknown as Bridge;
  return { bridge, release };
}

const input = { name: 'remote-b', url: 'ws://127.0.0.1:1/ws', filters: {}, enabled: true };

describe('upstreams store ordering', () => {
  it('keeps a pushed "connected" when the older add answer ("connecting") arrives after it', async () => {
    const { bridge, release } = heldBridge(upstream('connecting', 5));
    const store = createUpstreamsStore(bridge);
    const saving = store.getState().add(input);
    store.getState().replace([upstream('connected', 6)], 6);
    release();
    expect((await saving).ok).toBe(true);
    expect(store.getState().list.map((u) => u.state)).toEqual(['connected']);
  });

  it('applies an add answer newer than the last snapshot, and keeps it when an older snapshot lacking it arrives', async () => {
    const { bridge, release } = heldBridge(upstream('connecting', 9));
    const store = createUpstreamsStore(bridge);
    store.getState().replace([], 8);
    release();
    await store.getState().add(input);
    expect(store.getState().list.map((u) => u.state)).toEqual(['connecting']);
    store.getState().replace([], 7);
    expect(store.getState().list).toHaveLength(1);
  });

  it('ignores a whole snapshot older than the one shown, and a newer one replaces the answer', () => {
    const store = createUpstreamsStore(heldBridge(upstream('connecting', 1)).bridge);
    store.getState().replace([upstream('connected', 4)], 4);
    store.getState().replace([upstream('backoff', 3)], 3);
    expect(store.getState().list.map((u) => u.state)).toEqual(['connected']);
    store.getState().replace([upstream('backoff', 10)], 10);
    expect(store.getState().list.map((u) => u.state)).toEqual(['backoff']);
  });

  it('applies snapshots and answers without revisions as they come (older servers)', async () => {
    const { bridge, release } = heldBridge(upstream('connecting', undefined));
    const store = createUpstreamsStore(bridge);
    const saving = store.getState().add(input);
    store.getState().replace([upstream('connected', undefined)]);
    release();
    await saving;
    expect(store.getState().list.map((u) => u.state)).toEqual(['connecting']);
  });
});
