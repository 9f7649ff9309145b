// Bridge handlers for the UI's named subscriptions: list, create, update, delete (each change re-pushed).
import type { BridgeHandlers } from '../../../src-shared/bridge/index.js';
import type { SubscriptionRegistry } from '../subscription-registry.js';

type SubscriptionChannels = 'subscriptions:list' | 'subscriptions:create' | 'subscriptions:update' | 'subscriptions:delete';

/** `changed` runs after every change (notification rules follow, the UI is pushed the new list). */
export function subscriptionHandlers(subscriptions: SubscriptionRegistry, changed: () => void): Pick<BridgeHandlers, SubscriptionChannels> {
  return {
    'subscriptions:list': () => ({ subscriptions: subscriptions.list() }),
    'subscriptions:create': (draft) => {
      const created = subscriptions.create(draft);
      changed();
      return created;
    },
    'subscriptions:update': (change) => {
      const updated = subscriptions.update(change);
      changed();
      return updated;
    },
    'subscriptions:delete': ({ id }) => {
      subscriptions.delete(id);
      changed();
      return { ok: true };
    },
  };
}
