// The path of one notification decision (rule, dedupe, snooze, quiet hours, severity, storm, delivery), for `why`.
import type { FiltersInput } from '../../src-shared/protocol/index.js';

/** The stage of the decision a step records. */
export type TraceStage = 'settings' | 'rule' | 'scope' | 'dedupe' | 'snooze' | 'quiet_hours' | 'severity' | 'storm' | 'delivery' | 'fallback' | 'action' | 'escalation';

/** `pass`: went on; `hold`: kept back (may show later); `drop`: not shown; `fail`: the channel failed. */
export type TraceOutcome = 'pass' | 'hold' | 'drop' | 'fail';

export interface TraceStep {
  stage: TraceStage;
  outcome: TraceOutcome;
  detail: string;
  /** Epoch ms of the step. */
  at: number;
}

const list = (xs: readonly string[] | undefined): string | undefined => (xs && xs.length > 0 ? xs.join(',') : undefined);

/** "event_types incident_created,escalated · severities P0,P1" for a rule (empty fields left out). */
export function describeRule(rule: FiltersInput): string {
  const parts = [
    ['event_types', list(rule.event_types)], ['severities', list(rule.severities)], ['sources', list(rule.sources)],
    ['states', list(rule.states)], ['affected_resources', list(rule.affected_resources)], ['incident_ids', list(rule.incident_ids)],
    ['labels', rule.labels ? Object.entries(rule.labels).map(([k, v]) => `${k}=${v}`).join(',') : undefined],
  ].filter((p): p is [string, string] => p[1] !== undefined && p[1] !== '');
  return parts.length > 0 ? parts.map(([k, v]) => `${k} ${v}`).join(' · ') : 'every event';
}

/** A step builder for one decision. */
export class DecisionTrace {
  readonly steps: TraceStep[] = [];
  constructor(private readonly now: number) {}

  add(stage: TraceStage, outcome: TraceOutcome, detail: string): this {
    this.steps.push({ stage, outcome, detail, at: this.now });
    return this;
  }
}

/** "12:00:10Z" style time for step details (UTC, seconds). */
export const clockTime = (epochMs: number): string => `${new Date(epochMs).toISOString().slice(11, 19)}Z`;
