// Handlers that refuse once their service closed: HTTP routes cannot be unmounted, so a closed service must say so.
import { BridgeError, type BridgeHandlers } from '../../src-shared/bridge/index.js';

/** The handlers, each refusing with `unavailable` once `closed()` (its routes may stay mounted on the server). */
export function refusedOnceClosed(handlers: BridgeHandlers, closed: () => boolean): BridgeHandlers {
  const guarded = Object.entries(handlers).map(([channel, handler]) => [channel, (request: unknown) => {
    if (closed()) throw new BridgeError('unavailable', 'this control service has been closed');
    return (handler as (r: unknown) => unknown)(request);
  }]);
  return Object.fromEntries(guarded) as unknown as BridgeHandlers;
}
