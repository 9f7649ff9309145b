// Bridge handler `notifications:why`: an incident's notification decisions for the detail pane (as GET /v1/incidents/:id/why).
import type { BridgeHandlers } from '../../../src-shared/bridge/index.js';
import type { Notifications, WhyRecord } from '../../notify/index.js';

/** `why` is the driver's lookup; absent when notifications are off here (the answer says so). Escalation steps follow. */
export function whyHandler(why: Notifications['why'] | undefined, escalationWhy?: (id: string) => WhyRecord[]): Pick<BridgeHandlers, 'notifications:why'> {
  return {
    'notifications:why': ({ id }) => ({
      id, notifications: why ? 'on' : 'off',
      decisions: [...(why ? why(id.toLowerCase()) : []), ...(escalationWhy ? escalationWhy(id.toLowerCase()) : [])],
    }),
  };
}
