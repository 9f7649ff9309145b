// Issue 23: the timing rules of escalation steps, on a fake clock.
import { describe, expect, it } from 'vitest';
import { EscalationPlan } from '../../src-main/notify/escalation/escalation-plan.js';
import { EscalationConfigSchema } from '../../src-shared/escalation-settings.js';

const MIN = 60_000;
const steps = [
  { after_minutes: { P0: 5, P1: 15 }, targets: ['alice'] },
  { after_minutes: 10, targets: ['bob'] },
];

describe('escalation plan', () => {
  it('takes the first step N minutes after the incident was raised, per severity; P2 never escalates', () => {
    const plan = new EscalationPlan(steps, true);
    expect(plan.raise('p0', 'P0', 0, 0)).toBe(true);
    expect(plan.raise('p1', 'P1', 0, 0)).toBe(true);
    expect(plan.raise('p2', 'P2', 0, 0)).toBe(false);
    expect(plan.takeDue(5 * MIN - 1)).toEqual([]);
    expect(plan.takeDue(5 * MIN)).toEqual([{ incidentId: 'p0', step: 0, severity: 'P0' }]);
    expect(plan.takeDue(15 * MIN)).toEqual([{ incidentId: 'p1', step: 0, severity: 'P1' }]);
  });

  it('counts from when the incident was raised, so one raised long ago is due at once', () => {
    const plan = new EscalationPlan(steps, true);
    plan.raise('old', 'P0', 0, 60 * MIN);
    expect(plan.nextDueFor('old')).toBe(60 * MIN);
  });

  it('takes the next step M minutes after a delivered step, and at once after a failed one (fall through)', () => {
    const plan = new EscalationPlan(steps, true);
    plan.raise('a', 'P0', 0, 0);
    plan.raise('b', 'P0', 0, 0);
    plan.takeDue(5 * MIN);
    expect(plan.stepDone('a', 0, true, 5 * MIN)).toEqual({ step: 1, dueAt: 15 * MIN });
    expect(plan.stepDone('b', 0, false, 5 * MIN)).toEqual({ step: 1, dueAt: 5 * MIN });
    expect(plan.takeDue(5 * MIN).map((d) => d.incidentId)).toEqual(['b']);
    expect(plan.stepDone('b', 1, true, 5 * MIN)).toBeUndefined(); // the last step ends it
    expect(plan.has('b')).toBe(false);
  });

  it('stops on cancel, also while a step is being sent', () => {
    const plan = new EscalationPlan(steps, true);
    plan.raise('a', 'P0', 0, 0);
    plan.takeDue(5 * MIN);
    expect(plan.cancel('a')?.step).toBe(0);
    expect(plan.stepDone('a', 0, true, 5 * MIN)).toBeUndefined();
    expect(plan.nextDueAt()).toBeUndefined();
  });

  it('escalation to P0 brings a P1 first step forward; de-escalation to P2 stops it', () => {
    const plan = new EscalationPlan(steps, true);
    plan.raise('a', 'P1', 0, 0);
    expect(plan.reseverity('a', 'P0', 0, 2 * MIN)).toBe('changed');
    expect(plan.nextDueFor('a')).toBe(5 * MIN);
    expect(plan.reseverity('a', 'P2', 0, 3 * MIN)).toBe('stopped');
    expect(plan.has('a')).toBe(false);
    expect(plan.reseverity('b', 'P0', 0, 3 * MIN)).toBe('unchanged'); // untracked: raise starts one
    expect(plan.has('b')).toBe(false);
  });

  it('screen locked or idle: first steps not yet taken are due now, and new ones at once, until active again', () => {
    const plan = new EscalationPlan(steps, true);
    plan.raise('a', 'P0', 0, 0);
    expect(plan.setIdle(true, MIN)).toEqual(['a']);
    expect(plan.nextDueFor('a')).toBe(MIN);
    plan.raise('b', 'P1', 2 * MIN, 2 * MIN);
    expect(plan.nextDueFor('b')).toBe(2 * MIN);
    plan.setIdle(false, 3 * MIN);
    plan.raise('c', 'P0', 3 * MIN, 3 * MIN);
    expect(plan.nextDueFor('c')).toBe(8 * MIN);
  });

  it('ignores idle when escalate_when_idle is off', () => {
    const plan = new EscalationPlan(steps, false);
    plan.raise('a', 'P0', 0, 0);
    expect(plan.setIdle(true, MIN)).toEqual([]);
    expect(plan.nextDueFor('a')).toBe(5 * MIN);
  });
});

describe('escalation config', () => {
  const target = { name: 'alice', kind: 'ntfy', url: 'https://ntfy.example', topic: 'alice-oncall' };
  it('refuses unknown target names, a number as first step, duplicate names and webhooks without a secret', () => {
    const bad = EscalationConfigSchema.safeParse({
      targets: [target, target, { name: 'hook', kind: 'webhook', url: 'https://h.example' }],
      steps: [{ after_minutes: 5, targets: ['nobody'] }],
    });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(expect.arrayContaining([
      'targets.1.name: "alice" is named twice',
      'targets.2: a webhook target needs secret or secret_file',
      'steps.0.after_minutes: the first step needs minutes per severity, e.g. {P0: 5, P1: 15}',
      'steps.0.targets.0: no target is named "nobody"',
    ]));
  });

  it('refuses a non-http URL and accepts a complete config with defaults', () => {
    expect(EscalationConfigSchema.safeParse({ targets: [{ ...target, url: 'file:///etc/passwd' }], steps: [{ after_minutes: { P0: 5 }, targets: ['alice'] }] }).success).toBe(false);
    const ok = EscalationConfigSchema.parse({ targets: [target], steps: [{ after_minutes: { P0: 5 }, targets: ['alice'] }] });
    expect(ok).toMatchObject({ escalate_when_idle: true, attempts: 3, retry_base_secs: 5 });
  });
});
