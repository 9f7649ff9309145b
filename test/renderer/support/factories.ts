// Test data: protocol-valid incidents, events, subscriptions and upstreams with deterministic ids and times.
import type { FeedEvent, IncidentSummary, UiSubscription, Upstream } from '../../../src-shared/bridge/index.js';
import { normalizeFilters, type FiltersInput, type Incident, type IncidentEvent } from '../../../src-shared/protocol/index.js';

/** The n-th test UUID (lower-case). */
export const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** An RFC 3339 UTC time `seconds` after a fixed base. */
export const at = (seconds: number): string => new Date(Date.UTC(2025, 10, 12, 10, 0, 0) + seconds * 1000).toISOString();

export function makeIncident(n: number, overrides: Partial<Incident> = {}): Incident {
  return {
    id: uuid(n), created_at: at(n), updated_at: at(n), state: 'Detected', severity: 'P2', incident_type: 'Application',
    source: 'prometheus', title: `Incident number ${n}`, description: `Description of incident ${n}`,
    affected_resources: [`svc-${n}`], labels: { team: 'core' }, assignees: [], ...overrides,
  };
}

export function makeSummary(incident: Incident, overrides: Partial<IncidentSummary> = {}): IncidentSummary {
  return { incident, acknowledgedAt: null, acknowledgedBy: null, snoozedUntil: null, lastEventAt: incident.updated_at, eventCount: 1, ...overrides };
}

let messageSeq = 0;
export function makeFeedEvent(event: IncidentEvent, overrides: Partial<FeedEvent> = {}): FeedEvent {
  messageSeq += 1;
  return { messageId: `epoch-${messageSeq}`, timestamp: at(messageSeq), event, subscriptionIds: [], upstream: null, ...overrides };
}

export const createdEvent = (incident: Incident): IncidentEvent => ({ event_type: 'incident_created', incident });

export const commentEvent = (incidentId: string, comment: string): IncidentEvent => ({
  event_type: 'comment_added', incident_id: incidentId, author: 'alice', comment, timestamp: at(5),
});

export function makeSubscription(id: string, name: string, filters: FiltersInput = {}, matchedCount = 0): UiSubscription {
  return { id, name, filters: normalizeFilters(filters) as UiSubscription['filters'], notify: true, matchedCount, createdAt: at(0), updatedAt: at(0) };
}

export function makeUpstream(id: string, overrides: Partial<Upstream> = {}): Upstream {
  return {
    id, name: `upstream ${id}`, url: `ws://127.0.0.1:9${id.length}00/ws`, enabled: true, hasToken: false,
    filters: normalizeFilters({}) as Upstream['filters'], state: 'connecting', lastError: null, nextRetryAt: null,
    replaySupported: null, connectedSince: null, lastMessageId: null, eventsReceived: 0, ...overrides,
  };
}
