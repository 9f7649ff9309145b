// The escalator's face: what it runs with (settings, targets, token), what it needs from the app, and what it offers.
import type { Incident, IncidentEvent } from '../../../src-shared/protocol/index.js';
import type { EscalationConfig } from '../../../src-shared/escalation-settings.js';
import type { WhyRecord } from '../why-log.js';
import type { EscalationProgressStore } from './escalation-progress.js';
import type { PushTarget } from './push-target.js';
import type { EscalationHealth } from './target-health.js';

/** What escalation runs with: the settings, their push targets, and the Acknowledge button's token. */
export interface EscalationSetup {
  config: EscalationConfig;
  /** By name; every name a step lists is here (the config is checked for it). */
  targets: ReadonlyMap<string, PushTarget>;
  /** The respond-scope token for the Acknowledge button (read from `acknowledge_token(_file)`). */
  acknowledgeToken?: string;
}

export interface EscalatorOptions extends Partial<EscalationSetup> {
  getIncident(id: string): Incident | undefined;
  /** The open incidents, picked up when escalation is turned on at run time. */
  listIncidents?: () => Iterable<Incident>;
  /** Publishes `notification_sent` per target and step, so the team sees "escalated to phone". */
  publish(events: IncidentEvent[]): Promise<unknown>;
  onWarning(message: string, fields: Record<string, unknown>): void;
  /** Where step progress survives a restart (default: memory, nothing survives). */
  progress?: EscalationProgressStore;
  now?: () => number;
}

export interface Escalator {
  /** Every published event (journal order). */
  observe(event: IncidentEvent): void;
  /** Picks up unacknowledged incidents already open at start: at their persisted step, else from the first (at once when overdue). */
  restore(incidents: Iterable<Incident>): void;
  /** The desktop's screen lock / idle state. */
  setIdle(idle: boolean): void;
  /** New settings at run time (undefined: off); running escalations keep the step they are at. */
  reconfigure(setup: EscalationSetup | undefined): void;
  /** Whether escalation is on (configured and enabled). */
  enabled(): boolean;
  why(id: string): WhyRecord[];
  health(): EscalationHealth;
  stop(): void;
}
