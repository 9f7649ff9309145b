// Bridge handler `notifications:why`: an incident's notification decisions for the detail pane (as GET /v1/incidents/:id/why).
import type { BridgeHandlers } from '../../../src-shared/bridge/index.js';
import type { Notifications } from '../../notify/index.js';

/** `why` is the driver's lookup; absent when notifications are off here (the answer says so). */
export function whyHandler(why: Notifications['why'] | undefined): Pick<BridgeHandlers, 'notifications:why'> {
  return {
    'notifications:why': ({ id }) => ({ id, notifications: why ? 'on' : 'off', decisions: why ? why(id.toLowerCase()) : [] }),
  };
}
