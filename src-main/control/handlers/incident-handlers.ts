// Bridge handlers for incidents and the event feed: list, detail with timeline, the responder's actions, recent events.
import type { BridgeHandlers, IncidentSummary } from '../../../src-shared/bridge/index.js';
import type { CoreServer } from '../../server/index.js';
import { bridgeIncident } from '../bridge-incident.js';
import { entriesAfter, toFeedEvent } from '../feed-events.js';
import type { incidentActions } from '../incident-actions.js';
import type { IncidentTracker } from '../incident-tracker.js';
import type { SubscriptionRegistry } from '../subscription-registry.js';

type IncidentChannels = 'incidents:list' | 'incidents:get' | 'incidents:acknowledge' | 'incidents:snooze' | 'incidents:resolve'
  | 'incidents:unacknowledge' | 'incidents:assign' | 'incidents:comment' | 'events:recent';

export interface IncidentHandlerDeps {
  server: CoreServer;
  tracker: IncidentTracker;
  actions: ReturnType<typeof incidentActions>;
  subscriptions: SubscriptionRegistry;
  summaryOf(lowerCaseId: string): IncidentSummary | undefined;
}

export function incidentHandlers({ server, tracker, actions, subscriptions, summaryOf }: IncidentHandlerDeps): Pick<BridgeHandlers, IncidentChannels> {
  return {
    'incidents:list': ({ includeResolved }) => ({
      incidents: server.incidents.list()
        .filter((i) => includeResolved || (i.state !== 'Resolved' && i.state !== 'Closed'))
        .map((i) => tracker.summary(i)),
    }),
    // An incident a cluster node evicted from memory is read back from the bucket (`unavailable` when it cannot be).
    'incidents:get': async ({ id }) => {
      const summary = summaryOf(id.toLowerCase()) ?? tracker.summary(await bridgeIncident(server.incidents, id));
      return { summary, timeline: tracker.timeline(id) };
    },
    'incidents:acknowledge': ({ id }) => actions.acknowledge(id),
    'incidents:snooze': ({ id, minutes }) => actions.snooze(id, minutes),
    'incidents:resolve': ({ id, note }) => actions.resolve(id, note),
    'incidents:unacknowledge': ({ id }) => actions.unacknowledge(id),
    'incidents:assign': ({ id, assignees }) => actions.assign(id, assignees),
    'incidents:comment': ({ id, comment }) => actions.comment(id, comment),

    'events:recent': ({ afterMessageId, limit }) => {
      const { entries, gap } = entriesAfter(server.journal, afterMessageId, limit);
      return { events: entries.map((e) => toFeedEvent(e, subscriptions.matchIds(e.eventType, e.subject))), gap };
    },
  };
}
