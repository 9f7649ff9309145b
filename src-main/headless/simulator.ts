// Generates a plausible on-call shift: incidents open, get acknowledged, investigated and resolved, around a target active count.
import { randomUUID } from 'node:crypto';
import type { Incident, IncidentEvent, IncidentState, Severity } from '../../src-shared/protocol/index.js';

const SERVICES = ['api-gateway', 'user-service', 'payments', 'search', 'checkout', 'auth', 'postgres-primary', 'redis-cache', 'cdn-edge'];
const PROBLEMS = ['latency above SLO', 'error rate spike', 'pod crash loop', 'disk 90% full', 'certificate expires in 3 days', 'replication lag', 'OOM kills', '5xx from upstream'];
const SOURCES = ['prometheus', 'llm-sentinel', 'datadog', 'cloudwatch'];
const TEAMS = ['platform', 'payments', 'search', 'identity'];
const PEOPLE = ['ana', 'bo', 'chen', 'dara', 'eli'];
const COMMENTS = ['Looking into it.', 'Rolled back the last deploy.', 'Scaling up the pool.', 'Paged the owning team.', 'Error rate back to baseline.'];
/** The label every simulated incident carries, so a later `simulate` can pick up (and finish) the ones left open. */
export const SIMULATED_LABEL = 'simulated';

/** Where an open incident goes next: New → Triaged (acknowledged) → Investigating → Resolved. */
const NEXT_STATE: Partial<Record<IncidentState, IncidentState>> = { Detected: 'Triaged', Triaged: 'Investigating', Remediating: 'Resolved', Investigating: 'Resolved' };

/** A small seeded PRNG (mulberry32) so a run can be repeated. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SimulatorOptions {
  seed: number;
  /** The number of active incidents the shift hovers around. */
  active: number;
}

export interface ShiftStats {
  opened: number;
  resolved: number;
  /** Open incidents by severity. */
  active: Record<Severity, number>;
}

export function createSimulator(opts: SimulatorOptions) {
  const rnd = prng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const open: Incident[] = [];
  let opened = 0;
  let resolved = 0;
  const severity = (): Severity => {
    const r = rnd();
    return r < 0.05 ? 'P0' : r < 0.2 ? 'P1' : r < 0.5 ? 'P2' : r < 0.8 ? 'P3' : 'P4';
  };
  const open1 = (): IncidentEvent => {
    const now = new Date().toISOString();
    const svc = pick(SERVICES);
    const inc: Incident = {
      id: randomUUID(), created_at: now, updated_at: now, state: 'Detected', severity: severity(), incident_type: 'Application',
      source: pick(SOURCES), title: `${svc}: ${pick(PROBLEMS)}`, description: `Automatically detected on ${svc}.`, affected_resources: [svc],
      labels: { team: pick(TEAMS), environment: rnd() < 0.8 ? 'production' : 'staging', [SIMULATED_LABEL]: 'true' }, assignees: [],
    };
    open.push(inc);
    opened++;
    return { event_type: 'incident_created', incident: inc };
  };
  /** Moves an incident one step along its life; the last step resolves it. */
  const advance = (inc: Incident): IncidentEvent => {
    const now = new Date().toISOString();
    const prev = inc.state;
    inc.state = NEXT_STATE[prev] ?? 'Resolved';
    inc.updated_at = now;
    if (prev === 'Detected' && inc.assignees.length === 0) inc.assignees = [pick(PEOPLE)];
    if (inc.state !== 'Resolved') return { event_type: 'incident_updated', incident: { ...inc }, previous_state: prev };
    open.splice(open.indexOf(inc), 1);
    resolved++;
    return { event_type: 'incident_resolved', incident: { ...inc } };
  };
  /** Everything else that happens to an open incident: alerts, escalations, comments, playbooks, hand-overs. */
  const chatter = (inc: Incident, r: number): IncidentEvent => {
    const now = new Date().toISOString();
    if (r < 0.3) {
      return {
        event_type: 'alert_received',
        alert: {
          id: randomUUID(), external_id: `am-${Math.floor(rnd() * 1e6)}`, source: inc.source, timestamp: now, received_at: now,
          severity: inc.severity, alert_type: inc.incident_type, title: inc.title, description: inc.description,
          labels: inc.labels, affected_services: inc.affected_resources, annotations: {},
        },
      };
    }
    if (r < 0.4 && inc.severity !== 'P0') {
      const to = (`P${Number(inc.severity[1]) - 1}`) as Severity;
      const ev: IncidentEvent = { event_type: 'escalated', incident_id: inc.id, from_severity: inc.severity, to_severity: to, reason: 'impact growing' };
      inc.severity = to;
      return ev;
    }
    if (r < 0.7) return { event_type: 'comment_added', incident_id: inc.id, author: inc.assignees[0] ?? pick(PEOPLE), comment: pick(COMMENTS), timestamp: now };
    if (r < 0.85) return { event_type: 'playbook_started', incident_id: inc.id, playbook_id: randomUUID(), playbook_name: 'restart-unhealthy-pods' };
    inc.assignees = [pick(PEOPLE)];
    return { event_type: 'assignment_changed', incident_id: inc.id, assignees: inc.assignees };
  };
  return {
    /**
     * The next event. New incidents arrive more often below the target and less often above it, while a steady share
     * of events moves an open incident on, so the active count settles around `opts.active`.
     */
    next(): IncidentEvent {
      const fill = open.length / Math.max(1, opts.active);
      // At 0.13 openings balance resolutions (each incident takes three of the 45% advancing events); the rest steers.
      const pOpen = Math.min(0.6, Math.max(0.02, 0.13 + 0.5 * (1 - fill)));
      if (open.length === 0 || rnd() < pOpen) return open1();
      const inc = pick(open);
      const r = rnd();
      return r < 0.45 ? advance(inc) : chatter(inc, (r - 0.45) / 0.55);
    },
    /** Takes over incidents a previous run left open, so they progress and resolve too. */
    adopt(incidents: readonly Incident[]): void {
      for (const inc of incidents) if (!open.some((o) => o.id === inc.id)) open.push({ ...inc, assignees: [...inc.assignees] });
    },
    stats(): ShiftStats {
      const active: Record<Severity, number> = { P0: 0, P1: 0, P2: 0, P3: 0, P4: 0 };
      for (const inc of open) active[inc.severity]++;
      return { opened, resolved, active };
    },
    get activeCount(): number {
      return open.length;
    },
  };
}
