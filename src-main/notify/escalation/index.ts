// Escalation of unacknowledged incidents off this machine: the face the app assembly uses.
export { startEscalation, type Escalator, type EscalatorOptions } from './escalator.js';
export { createPushTargets, acknowledgeTokenOf } from './targets-from-config.js';
export type { EscalationHealth } from './target-health.js';
export type { EscalationPage, PushTarget } from './push-target.js';
