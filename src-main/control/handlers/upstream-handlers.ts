// Bridge handlers for upstreams added in the UI: list, add, update, remove (each change re-pushed).
import type { BridgeHandlers } from '../../../src-shared/bridge/index.js';
import type { UpstreamManager } from '../upstream-manager.js';

type UpstreamChannels = 'upstreams:list' | 'upstreams:add' | 'upstreams:update' | 'upstreams:remove';

/** `changed` pushes the new upstream list after every change. */
export function upstreamHandlers(upstreams: UpstreamManager, changed: () => void): Pick<BridgeHandlers, UpstreamChannels> {
  return {
    'upstreams:list': () => upstreams.snapshot(),
    'upstreams:add': (input) => {
      const added = upstreams.add(input);
      changed();
      return added;
    },
    'upstreams:update': async (change) => {
      const updated = await upstreams.update(change);
      changed();
      return updated;
    },
    'upstreams:remove': async ({ id }) => {
      await upstreams.remove(id);
      changed();
      return { ok: true };
    },
  };
}
