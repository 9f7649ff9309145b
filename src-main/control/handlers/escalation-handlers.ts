// Bridge handlers of the escalation settings form: read (no secrets), save, replace a target's secret, send a test page.
import { BridgeError, type BridgeHandlers } from '../../../src-shared/bridge/index.js';
import type { EscalationSettingsKeeper } from '../escalation-settings-keeper.js';

type EscalationChannels = 'escalation:get' | 'escalation:save' | 'escalation:secret' | 'escalation:test';

/** Without a keeper (a service over a core that runs no escalator), every call says so. */
export function escalationHandlers(keeper: EscalationSettingsKeeper | undefined): Pick<BridgeHandlers, EscalationChannels> {
  const kept = (): EscalationSettingsKeeper => {
    if (!keeper) throw new BridgeError('unavailable', 'this process runs no escalation');
    return keeper;
  };
  return {
    'escalation:get': () => kept().view(),
    'escalation:save': ({ enabled, escalation, secrets }) => kept().save(enabled, escalation, secrets),
    'escalation:secret': ({ target, secret }) => kept().setSecret(target, secret),
    'escalation:test': ({ target }) => kept().test(target),
  };
}
