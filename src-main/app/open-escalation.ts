// Escalation of the app: push targets from the config, fed every published event, restored from the open incidents.
import type { Logger, RelayServer } from '../server/index.js';
import type { EscalationConfig } from '../../src-shared/escalation-settings.js';
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import { acknowledgeTokenOf, createPushTargets, startEscalation, type Escalator } from '../notify/index.js';

export interface RunningEscalation {
  escalator: Escalator;
  /** The banner line for `serve`. */
  bannerLine: string;
  stop(): void;
}

export function openEscalation(server: RelayServer, config: EscalationConfig, logger: Logger): RunningEscalation {
  const targets = createPushTargets(config);
  const acknowledgeToken = acknowledgeTokenOf(config);
  const escalator = startEscalation({
    config, targets, ...(acknowledgeToken ? { acknowledgeToken } : {}),
    getIncident: (id) => server.incidents.get(id),
    publish: (events: IncidentEvent[]) => server.publish(events),
    onWarning: (message, fields) => logger.warn(message, fields),
  });
  const off = server.onEvent((entry) => escalator.observe(entry.event));
  escalator.restore(server.incidents.list());
  const first = config.steps[0]!.after_minutes;
  const when = typeof first === 'number' ? `${first} min` : Object.entries(first).map(([s, m]) => `${s} after ${m} min`).join(', ');
  const button = config.public_url && acknowledgeToken ? 'with an Acknowledge button' : 'no Acknowledge button (set public_url and acknowledge_token_file)';
  return {
    escalator,
    bannerLine: `  escalation:    ${config.steps.length} step(s), ${when} unacknowledged → ${config.steps[0]!.targets.join(', ')}; ${button}`,
    stop() {
      off();
      escalator.stop();
    },
  };
}
