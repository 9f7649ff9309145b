// Building and changing incidents from alert content: create, refresh on label/annotation changes, reopen, resolve.
import { completeIncident, type Incident, type IncidentState, type IncidentType, type Resolution, type Severity } from '../../src-shared/protocol/index.js';
import { appendTimeline, stateChangedEntry, timelineEntry } from './incident-timeline.js';

/** What an alert says its incident should look like. */
export interface IncidentDraft {
  id: string;
  fingerprint: string;
  source: string;
  title: string;
  description: string;
  severity: Severity;
  incidentType: IncidentType;
  labels: Record<string, string>;
  resources: string[];
}

/** The incident fields derived from labels alone (severity map, resource labels, type label). */
export type LabelDerived = Pick<IncidentDraft, 'severity' | 'incidentType' | 'resources'>;

export type { Resolution };

export const isActive = (i: Incident): boolean => i.state !== 'Resolved' && i.state !== 'Closed';

export function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, k) => x === b[k]);
}

export function sameMap(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

export function incidentFromDraft(d: IncidentDraft, now: string): Incident {
  return completeIncident({
    id: d.id, created_at: now, updated_at: now, state: 'Detected', severity: d.severity, incident_type: d.incidentType,
    source: d.source, title: d.title, description: d.description, affected_resources: [...d.resources], labels: { ...d.labels },
    assignees: [], fingerprint: d.fingerprint, timeline: [timelineEntry('Created', 'system', 'Incident created', now)],
  });
}

/**
 * The incident with a firing alert's new content, or null when nothing the alert controls changed.
 * Title, description and labels follow the alert. Severity, type and resources follow it only when
 * the new labels derive a different value than the stored labels did (`before`), so a severity a
 * human escalated is kept until the alert's own severity changes. State and assignees are kept.
 */
export function refreshIncident(cur: Incident, d: IncidentDraft, before: LabelDerived, now: string): Incident | null {
  const severity = before.severity === d.severity ? cur.severity : d.severity;
  const incidentType = before.incidentType === d.incidentType ? cur.incident_type : d.incidentType;
  const resources = sameStrings(before.resources, d.resources) ? cur.affected_resources : d.resources;
  const changed = cur.title !== d.title || cur.description !== d.description || !sameMap(cur.labels, d.labels)
    || severity !== cur.severity || incidentType !== cur.incident_type || !sameStrings(resources, cur.affected_resources);
  if (!changed) return null;
  return {
    ...cur, title: d.title, description: d.description, labels: { ...d.labels }, severity, incident_type: incidentType,
    affected_resources: [...resources], updated_at: laterOf(now, cur.updated_at),
  };
}

/** A Resolved or Closed incident firing again: back to Detected with the alert's content, resolution dropped. */
export function reopenIncident(cur: Incident, d: IncidentDraft, now: string): Incident {
  return {
    ...cur, state: 'Detected', title: d.title, description: d.description, labels: { ...d.labels }, severity: d.severity,
    incident_type: d.incidentType, affected_resources: [...d.resources], updated_at: laterOf(now, cur.updated_at),
    resolution: null, timeline: appendTimeline(cur, stateChangedEntry(cur.state, 'Detected', 'system', now)),
  };
}

/** As the Rust `resolve`: the resolution recorded, state Resolved, a StateChanged entry by `resolved_by`. */
export function resolveIncident(cur: Incident, resolution: Resolution, now: string): Incident {
  return {
    ...cur, state: 'Resolved', resolution, updated_at: laterOf(now, cur.updated_at),
    timeline: appendTimeline(cur, stateChangedEntry(cur.state, 'Resolved', resolution.resolved_by, now)),
  };
}

/** As the Rust `update_state`: the new state and a StateChanged entry by `actor`. */
export function changeState(cur: Incident, to: IncidentState, actor: string, now: string): Incident {
  return { ...cur, state: to, updated_at: laterOf(now, cur.updated_at), timeline: appendTimeline(cur, stateChangedEntry(cur.state, to, actor, now)) };
}

/** When an incident was resolved: its resolution's `resolved_at`, else its `updated_at`. */
export function resolvedAtMs(i: Incident): number {
  const r = i.resolution;
  if (r && typeof r.resolved_at === 'string') {
    const t = Date.parse(r.resolved_at);
    if (!Number.isNaN(t)) return t;
  }
  return Date.parse(i.updated_at);
}

/** `updated_at` never goes backwards, even if the clock does. */
export function laterOf(now: string, previous: string): string {
  return Date.parse(now) >= Date.parse(previous) ? now : previous;
}
