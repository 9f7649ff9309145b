// Escalation of unacknowledged incidents off this machine: the face the app assembly uses.
export { startEscalation, type Escalator, type EscalatorOptions, type EscalationSetup } from './escalator.js';
export { testPage } from './escalation-page.js';
export type { EscalationProgressStore, StepProgress } from './escalation-progress.js';
export { createPushTargets, acknowledgeTokenOf } from './targets-from-config.js';
export { escalationStatus, type EscalationHealth } from './target-health.js';
export type { EscalationPage, PushAnswer, PushTarget } from './push-target.js';
