// Escalation at run time: watches incident events, takes due steps through the push targets (retrying, falling through), and reports.
import type { Incident, IncidentEvent, Severity } from '../../../src-shared/protocol/index.js';
import { UNACKNOWLEDGED_STATES } from '../acknowledge.js';
import type { EscalationSetup, Escalator, EscalatorOptions } from './escalator-face.js';
import { WhyLog } from '../why-log.js';
import { EscalationPlan } from './escalation-plan.js';
import { memoryProgressStore } from './escalation-progress.js';
import { TargetHealth } from './target-health.js';
import { createTargetSender, type NoteOutcome } from './target-sender.js';
export type { EscalationSetup, Escalator, EscalatorOptions } from './escalator-face.js';

const clock = (ms: number): string => `${new Date(ms).toISOString().slice(11, 19)}Z`;

export function startEscalation(o: EscalatorOptions): Escalator {
  const now = o.now ?? Date.now;
  let setup: EscalationSetup | undefined = o.config && o.targets ? { config: o.config, targets: o.targets, ...(o.acknowledgeToken ? { acknowledgeToken: o.acknowledgeToken } : {}) } : undefined;
  const plan = new EscalationPlan(setup?.config.steps ?? [], setup?.config.escalate_when_idle ?? true);
  const whyLog = new WhyLog(2000);
  let health = new TargetHealth([...(setup?.targets.values() ?? [])]);
  const progress = o.progress ?? memoryProgressStore();
  /** Incidents with a progress record (so that forgetting one that has none writes nothing). */
  const recorded = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const note = (id: string, outcome: NoteOutcome, detail: string): void =>
    whyLog.addIncidentStep(id, { stage: 'escalation', outcome, detail, at: now() });

  const schedule = (): void => {
    clearTimeout(timer);
    const due = plan.nextDueAt();
    if (stopped || due === undefined) return;
    timer = setTimeout(runDue, Math.max(0, due - now()));
    timer.unref();
  };

  /** A store that cannot write costs the restart guarantee for that incident, never the escalation itself. */
  const persist = (id: string, write: () => void): void => {
    try {
      write();
    } catch (err) {
      o.onWarning('could not persist escalation progress', { incident_id: id, error: (err as Error).message });
    }
  };
  const remember = (id: string, step: number, dueAt: number): void => {
    recorded.add(id);
    persist(id, () => progress.save(id, { step, dueAt }));
  };
  const forget = (id: string): void => {
    if (recorded.delete(id)) persist(id, () => progress.forget(id));
  };

  const sender = createTargetSender({
    now, note, health: () => health, onWarning: o.onWarning, live: (id) => !stopped && plan.has(id),
  });

  const takeStep = async (id: string, step: number): Promise<void> => {
    const incident = o.getIncident(id);
    const s = setup;
    if (!s || !incident || !UNACKNOWLEDGED_STATES.has(incident.state)) {
      plan.cancel(id);
      forget(id);
      note(id, 'drop', `step ${step + 1} not taken: ${s ? `the incident is ${incident?.state ?? 'unknown here'}` : 'escalation is off'}`);
      return;
    }
    const names = s.config.steps[step]!.targets;
    const results = await Promise.all(names.map((n) => sender.send(id, s.targets.get(n)!, step, incident, s)));
    if (stopped) return;
    const stillOpen = plan.has(id);
    const delivered = results.some(Boolean);
    const next = plan.stepDone(id, step, delivered, now());
    // Taken (delivered or fallen through): recorded before anything else, so a restart neither repeats nor skips it.
    if (next) remember(id, next.step, next.dueAt);
    else if (stillOpen && !plan.has(id)) remember(id, s.config.steps.length, now()); // the last step: none after a restart either
    if (stillOpen) {
      if (next) note(id, delivered ? 'hold' : 'fail', delivered ? `step ${next.step + 1} due ${clock(next.dueAt)} unless acknowledged` : `no target of step ${step + 1} took the page: step ${next.step + 1} now`);
      else note(id, delivered ? 'pass' : 'fail', delivered ? 'last step taken' : `no target of the last step took the page: escalation failed`);
      const sent = names.map((n, i) => ({ event_type: 'notification_sent', incident_id: incident.id, channel: `${s.targets.get(n)!.kind}:${n}`, success: results[i]!, escalation_step: step + 1 }));
      await o.publish(sent as IncidentEvent[]).catch((err: Error) => o.onWarning('could not publish the escalation record', { incident_id: id, error: err.message }));
    }
  };

  function runDue(): void {
    for (const d of plan.takeDue(now())) {
      void takeStep(d.incidentId, d.step).finally(schedule);
    }
    schedule();
  }

  const start = (incident: Incident, severity: Severity, raisedAt: number, why: string): void => {
    if (!setup || !plan.raise(incident.id.toLowerCase(), severity, raisedAt, now())) return;
    const id = incident.id.toLowerCase();
    whyLog.record({ incidentId: id, eventType: 'escalation', severity, title: incident.title, decision: 'escalation', steps: [] });
    note(id, 'hold', `${why}: step 1 due ${clock(plan.nextDueFor(id)!)} unless acknowledged`);
    schedule();
  };

  const stop = (id: string, why: string): void => {
    forget(id);
    if (plan.cancel(id)) {
      note(id, 'drop', `remaining steps cancelled: ${why}`);
      schedule();
    }
  };

  /** A restart: the persisted next step (none when every step was taken before it). */
  const resume = (incident: Incident, step: number, dueAt: number): void => {
    const id = incident.id.toLowerCase();
    if (!setup || !plan.resume(id, incident.severity, step, dueAt, Date.parse(incident.created_at))) return;
    whyLog.record({ incidentId: id, eventType: 'escalation', severity: incident.severity, title: incident.title, decision: 'escalation', steps: [] });
    note(id, 'hold', `open at start, ${step} step(s) taken before: step ${step + 1} due ${clock(Math.max(now(), dueAt))} unless acknowledged`);
    schedule();
  };

  const lastActor = (i: Incident): string | undefined => i.timeline?.at(-1)?.actor ?? undefined;

  return {
    observe(e) {
      switch (e.event_type) {
        case 'incident_created':
          if (UNACKNOWLEDGED_STATES.has(e.incident.state)) start(e.incident, e.incident.severity, Date.parse(e.incident.created_at), `${e.incident.severity} raised`);
          return;
        case 'incident_updated': {
          const i = e.incident;
          const id = i.id.toLowerCase();
          if (!UNACKNOWLEDGED_STATES.has(i.state)) return stop(id, `${i.state}${lastActor(i) ? ` by ${lastActor(i)}` : ''}`);
          if (plan.has(id)) {
            if (plan.reseverity(id, i.severity, Date.parse(i.created_at), now()) === 'stopped') note(id, 'drop', `severity ${i.severity} does not escalate`);
            schedule();
          } else {
            const reopened = e.previous_state !== undefined && e.previous_state !== null && !UNACKNOWLEDGED_STATES.has(e.previous_state);
            start(i, i.severity, reopened ? now() : Date.parse(i.created_at), reopened ? 'un-acknowledged' : `${i.severity} open`);
          }
          return;
        }
        case 'incident_resolved': case 'incident_closed':
          return stop(e.incident.id.toLowerCase(), e.event_type === 'incident_resolved' ? 'resolved' : 'closed');
        case 'escalated': {
          const id = e.incident_id.toLowerCase();
          const i = o.getIncident(id);
          if (!i || !UNACKNOWLEDGED_STATES.has(i.state)) return;
          if (!plan.has(id)) return start(i, e.to_severity, Date.parse(i.created_at), `escalated to ${e.to_severity}`);
          const r = plan.reseverity(id, e.to_severity, Date.parse(i.created_at), now());
          if (r === 'stopped') note(id, 'drop', `de-escalated to ${e.to_severity}, which does not escalate`);
          else if (r === 'changed') note(id, 'hold', `escalated to ${e.to_severity}: step 1 now due ${clock(plan.nextDueFor(id)!)}`);
          schedule();
          return;
        }
        default:
      }
    },
    restore(incidents) {
      const saved = progress.load();
      for (const id of saved.keys()) recorded.add(id);
      const open = new Set<string>();
      for (const i of incidents) {
        const id = i.id.toLowerCase();
        if (!UNACKNOWLEDGED_STATES.has(i.state)) continue;
        open.add(id);
        const p = saved.get(id);
        if (p) resume(i, p.step, p.dueAt);
        else start(i, i.severity, Date.parse(i.created_at), `${i.severity} open at start`);
      }
      for (const id of saved.keys()) if (!open.has(id)) forget(id);
    },
    reconfigure(next) {
      const wasOn = setup !== undefined;
      setup = next;
      health = new TargetHealth([...(next?.targets.values() ?? [])]);
      const ended = next ? plan.reconfigure(next.config.steps, next.config.escalate_when_idle, now()) : plan.clear();
      for (const id of ended) {
        forget(id);
        note(id, 'drop', next ? 'escalation settings changed: no step left for this incident' : 'escalation turned off: remaining steps cancelled');
      }
      if (next && !wasOn && o.listIncidents) this.restore(o.listIncidents());
      schedule();
    },
    enabled: () => setup !== undefined,
    setIdle(idle) {
      for (const id of plan.setIdle(idle, now())) note(id, 'pass', 'screen locked or system idle: step 1 now');
      schedule();
    },
    why: (id) => whyLog.lookup(id),
    health: () => health.report(plan.size()),
    stop() {
      stopped = true;
      clearTimeout(timer);
      sender.wakeAll();
    },
  };
}
