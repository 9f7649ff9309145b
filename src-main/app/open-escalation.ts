// Escalation of the app: push targets from the config, fed every published event, restored from the open incidents.
import type { Logger, CoreServer } from '../server/index.js';
import type { EscalationConfig } from '../../src-shared/escalation-settings.js';
import type { IncidentEvent } from '../../src-shared/protocol/index.js';
import { acknowledgeTokenOf, createPushTargets, startEscalation, type EscalationHealth, type Escalator } from '../notify/index.js';

export interface RunningEscalation {
  escalator: Escalator;
  /** The banner line for `serve`. */
  bannerLine: string;
  stop(): void;
}

/** The status bar's line: `ok`, or `degraded` naming each failing target and its last error. */
export function escalationStatus(h: EscalationHealth): { state: 'ok' | 'degraded'; detail: string } {
  const failing = h.targets.filter((t) => t.state === 'failing');
  return failing.length === 0
    ? { state: 'ok', detail: `${h.pending} incident(s) waiting to escalate` }
    : { state: 'degraded', detail: failing.map((t) => `${t.name} (${t.last_error ?? 'failed'})`).join('; ') };
}

export function openEscalation(server: CoreServer, config: EscalationConfig, logger: Logger): RunningEscalation {
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
