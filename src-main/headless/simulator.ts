// Generates plausible incident traffic: new incidents, their alerts, escalations, playbooks, comments, resolutions.
import { randomUUID } from 'node:crypto';
import type { Incident, IncidentEvent, Severity } from '../../src-shared/protocol/index.js';

const SERVICES = ['api-gateway', 'user-service', 'payments', 'search', 'checkout', 'auth', 'postgres-primary', 'redis-cache', 'cdn-edge'];
const PROBLEMS = ['latency above SLO', 'error rate spike', 'pod crash loop', 'disk 90% full', 'certificate expires in 3 days', 'replication lag', 'OOM kills', '5xx from upstream'];
const SOURCES = ['prometheus', 'llm-sentinel', 'datadog', 'cloudwatch'];
const TEAMS = ['platform', 'payments', 'search', 'identity'];
const PEOPLE = ['ana', 'bo', 'chen', 'dara', 'eli'];

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

export function createSimulator(seed: number) {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const open: Incident[] = [];
  const severity = (): Severity => {
    const r = rnd();
    return r < 0.05 ? 'P0' : r < 0.2 ? 'P1' : r < 0.5 ? 'P2' : r < 0.8 ? 'P3' : 'P4';
  };
  const newIncident = (): Incident => {
    const now = new Date().toISOString();
    const svc = pick(SERVICES);
    return {
      id: randomUUID(), created_at: now, updated_at: now, state: 'Detected', severity: severity(), incident_type: 'Application',
      source: pick(SOURCES), title: `${svc}: ${pick(PROBLEMS)}`, description: `Automatically detected on ${svc}.`,
      affected_resources: [svc], labels: { team: pick(TEAMS), environment: rnd() < 0.8 ? 'production' : 'staging' }, assignees: [],
    };
  };
  return {
    /** The next event of the stream. */
    next(): IncidentEvent {
      const r = rnd();
      if (open.length === 0 || r < 0.25) {
        const inc = newIncident();
        open.push(inc);
        if (open.length > 50) open.shift();
        return { event_type: 'incident_created', incident: inc };
      }
      const inc = pick(open);
      const now = new Date().toISOString();
      if (r < 0.35) {
        return {
          event_type: 'alert_received',
          alert: {
            id: randomUUID(), external_id: `am-${Math.floor(rnd() * 1e6)}`, source: inc.source, timestamp: now, received_at: now,
            severity: inc.severity, alert_type: inc.incident_type, title: inc.title, description: inc.description,
            labels: inc.labels, affected_services: inc.affected_resources, annotations: {},
          },
        };
      }
      if (r < 0.45 && inc.severity !== 'P0') {
        const to = (`P${Number(inc.severity[1]) - 1}`) as Severity;
        const ev: IncidentEvent = { event_type: 'escalated', incident_id: inc.id, from_severity: inc.severity, to_severity: to, reason: 'impact growing' };
        inc.severity = to;
        return ev;
      }
      if (r < 0.6) return { event_type: 'comment_added', incident_id: inc.id, author: pick(PEOPLE), comment: 'Looking into it.', timestamp: now };
      if (r < 0.7) return { event_type: 'playbook_started', incident_id: inc.id, playbook_id: randomUUID(), playbook_name: 'restart-unhealthy-pods' };
      if (r < 0.8) return { event_type: 'assignment_changed', incident_id: inc.id, assignees: [pick(PEOPLE)] };
      if (r < 0.9) {
        const prev = inc.state;
        inc.state = prev === 'Detected' ? 'Triaged' : 'Investigating';
        inc.updated_at = now;
        return { event_type: 'incident_updated', incident: { ...inc }, previous_state: prev };
      }
      open.splice(open.indexOf(inc), 1);
      return { event_type: 'incident_resolved', incident: { ...inc, state: 'Resolved', updated_at: now } };
    },
  };
}
