// Builders for protocol-valid incidents, alerts and events used across tests.
import { randomUUID } from 'node:crypto';
import type { Alert, Incident, IncidentEvent, Severity } from '../../src-shared/protocol/index.js';

export function incident(over: Partial<Incident> = {}): Incident {
  const now = new Date().toISOString();
  return {
    id: randomUUID(), created_at: now, updated_at: now, state: 'Detected', severity: 'P2', incident_type: 'Application',
    source: 'test', title: 'Test incident', description: 'made by a test', affected_resources: ['api'], labels: { env: 'test' }, assignees: [],
    ...over,
  };
}

export function alert(over: Partial<Alert> = {}): Alert {
  const now = new Date().toISOString();
  return {
    id: randomUUID(), external_id: 'ext-1', source: 'test', timestamp: now, received_at: now, severity: 'P2', alert_type: 'Application',
    title: 'Test alert', description: 'made by a test', labels: {}, affected_services: ['api'], annotations: {}, ...over,
  };
}

export const created = (i: Incident): IncidentEvent => ({ event_type: 'incident_created', incident: i });
export const escalated = (id: string, from: Severity, to: Severity): IncidentEvent => ({ event_type: 'escalated', incident_id: id, from_severity: from, to_severity: to, reason: 'test' });
export const comment = (id: string, text = 'hello'): IncidentEvent => ({ event_type: 'comment_added', incident_id: id, author: 'me', comment: text, timestamp: new Date().toISOString() });
export const system = (message = 'sys'): IncidentEvent => ({ event_type: 'system_event', category: 'test', message, metadata: {} });
