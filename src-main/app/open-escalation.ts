// Escalation of the app: push targets from the config, fed every published event, restored from the open incidents and
// their persisted step progress; off (until the settings form turns it on) without `escalation` in the config.
import type { Logger, CoreServer } from '../server/index.js';
import type { EscalationConfig } from '../../src-shared/escalation-settings.js';
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import { acknowledgeTokenOf, createPushTargets, startEscalation, type EscalationProgressStore, type Escalator } from '../notify/index.js';

export { escalationStatus } from '../notify/index.js';

export interface RunningEscalation {
  escalator: Escalator;
  /** The banner line for `serve` (absent while off). */
  bannerLine: string | undefined;
  stop(): void;
}

function bannerLine(config: EscalationConfig, acknowledgeToken: string | undefined): string {
  const first = config.steps[0]!.after_minutes;
  const when = typeof first === 'number' ? `${first} min` : Object.entries(first).map(([s, m]) => `${s} after ${m} min`).join(', ');
  const button = config.public_url && acknowledgeToken ? 'with an Acknowledge button' : 'no Acknowledge button (set public_url and acknowledge_token_file)';
  return `  escalation:    ${config.steps.length} step(s), ${when} unacknowledged → ${config.steps[0]!.targets.join(', ')}; ${button}`;
}

export function openEscalation(server: CoreServer, config: EscalationConfig | undefined, logger: Logger, progress: EscalationProgressStore): RunningEscalation {
  const acknowledgeToken = config ? acknowledgeTokenOf(config) : undefined;
  const escalator = startEscalation({
    ...(config ? { config, targets: createPushTargets(config) } : {}), ...(acknowledgeToken ? { acknowledgeToken } : {}), progress,
    getIncident: (id) => server.incidents.get(id),
    listIncidents: () => server.incidents.list(),
    publish: (events: IncidentEvent[]) => server.publish(events),
    onWarning: (message, fields) => logger.warn(message, fields),
  });
  const off = server.onEvent((entry) => escalator.observe(entry.event));
  escalator.restore(server.incidents.list());
  return {
    escalator,
    bannerLine: config ? bannerLine(config, acknowledgeToken) : undefined,
    stop() {
      off();
      escalator.stop();
    },
  };
}
